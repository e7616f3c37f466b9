from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'install-root.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_trust = resolve('trust')
    l_0_directory = resolve('directory')
    try:
        t_1 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Trust the root "'
    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'common_name'))
    yield '" on a Debian or Ubuntu machine, as root: it goes to\n# '
    yield str((undefined(name='directory') if l_0_directory is missing else l_0_directory))
    yield '/'
    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name'))
    yield ".crt and update-ca-certificates adds it to\n# the system store (curl, wget, certbot, Python's ssl, Go programs) and, through its hooks,\n# to Java's (with ca-certificates-java). A different root installed before under this name\n# leaves every one of those stores first. Firefox reads none of them:\n"
    if ('firefox' in environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'targets')):
        pass
        yield '# trust/firefox/policies.json, installed as its enterprise policy, points it at this file.\n'
    else:
        pass
        yield '# this spec has no firefox trust target.\n'
    yield '#\n'
    if environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'):
        pass
        yield "# Usage: install-root.sh [FINGERPRINT [SOURCE]]\n#   FINGERPRINT  the root's SHA-256 fingerprint (hex; colons and case do not matter); by\n#                default the committed root's: "
        yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'))
        yield '\n'
    else:
        pass
        yield "# Usage: install-root.sh FINGERPRINT [SOURCE]\n#   FINGERPRINT  the root's SHA-256 fingerprint, as written down at the root ceremony\n#                (hex; colons and case do not matter)\n"
    yield '#   SOURCE       a file or an http(s) URL of the root in PEM; by default\n#                '
    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'root_url'))
    yield '\n# Nothing is installed unless the fingerprint matches. PKISPEC_CA_DIR moves the folder\n# (and skips update-ca-certificates). Needs openssl, and curl for a URL.\nset -euo pipefail\numask 022\n\ndie() {\n  printf \'error: %s\\n\' "$1" >&2\n  exit 1\n}\n\n'
    if environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'):
        pass
        yield '(($# <= 2)) || die "usage: $0 [FINGERPRINT [SOURCE]]"\nwant=${1:-'
        yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'))
        yield '}\nwant=${want,,}\n'
    else:
        pass
        yield '(($# >= 1 && $# <= 2)) || die "usage: $0 FINGERPRINT [SOURCE]"\nwant=${1,,}\n'
    yield 'want=${want//:/}\n[[ $want =~ ^[0-9a-f]{64}$ ]] || die "a SHA-256 fingerprint has 64 hex digits"\nsource=${2:-'
    yield str(t_1(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'root_url')))
    yield '}\ndirectory=${PKISPEC_CA_DIR:-'
    yield str(t_1((undefined(name='directory') if l_0_directory is missing else l_0_directory)))
    yield '}\nwork=$(mktemp -d)\ntrap \'rm -rf "$work"\' EXIT\n\nif [[ $source == http://* || $source == https://* ]]; then\n  curl -fsS --max-time 30 -o "$work/root.pem" "$source" || die "cannot fetch $source"\nelse\n  cp -- "$source" "$work/root.pem"\nfi\nopenssl x509 -in "$work/root.pem" -out "$work/root.crt" 2>/dev/null ||\n  die "$source is not a PEM certificate"\nhave=$(openssl x509 -in "$work/root.crt" -outform DER | openssl dgst -sha256 -r)\nhave=${have%% *}\n[[ $have == "$want" ]] || die "$source has the fingerprint $have, not $want; nothing installed"\n\ntarget="$directory/"'
    yield str(t_1((environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name') + '.crt')))
    yield '\n'
    template = environment.get_template('_withdraw-root.sh.j2', 'install-root.sh.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '\nif [[ -n ${PKISPEC_CA_DIR:-} ]]; then\n  install -d -m 0755 "$directory"\n  install -m 0644 "$work/root.crt" "$target"\nelif [[ -f $target ]] && cmp -s -- "$work/root.crt" "$target"; then\n  update-ca-certificates\n  printf \'ok: %s is installed already\\n\' "$target"\n  exit 0\nelse\n  [[ ! -e $target && ! -L $link ]] || withdraw\n  install -d -m 0755 "$directory"\n  install -m 0644 "$work/root.crt" "$target"\n  update-ca-certificates\nfi\nprintf \'ok: %s (%s)\\n\' "$target" "$have"\n'

blocks = {}
debug_info = '2=21&3=23&4=25&8=29&14=36&17=39&24=45&35=47&37=50&45=56&46=58&61=60&62=62'