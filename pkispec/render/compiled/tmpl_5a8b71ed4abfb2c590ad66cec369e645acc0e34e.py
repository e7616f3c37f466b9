from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'install-step-ca.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_step = resolve('step')
    l_0_signer = resolve('signer')
    l_0_paths = resolve('paths')
    l_0_provisioners = resolve('provisioners')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# On the CA host, as root: lay out STEPPATH ('
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield ') for step-ca "'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'name'))
    yield '"\n# from the ceremony\'s export and the '
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'title'))
    yield "'s encrypted key.\n# Usage: install-step-ca.sh EXPORT_DIR INTERMEDIATE_KEY\n# The key's passphrase is typed at the prompt or read from $PKISPEC_INTERMEDIATE_PASSFILE;\n# it is stored as "
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield ', readable by '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield ' only (step-ca needs it).\n# STEPPATH moves the folder; PKISPEC_NO_CHOWN=1 leaves owners alone (a rehearsal).\n'
    if (undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners):
        pass
        yield '# JWK provisioners ('
        yield str(t_1(context.eval_ctx, (undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners), ', '))
        yield ') get their keys here, from\n# add-jwk-provisioner.py (python3 and python3-cryptography), each under its own passphrase.\n'
    yield 'set -euo pipefail\numask 077\nunset CDPATH\n\nsrc="${1:?usage: install-step-ca.sh EXPORT_DIR INTERMEDIATE_KEY}"\nkey="${2:?usage: install-step-ca.sh EXPORT_DIR INTERMEDIATE_KEY}"\nsteppath="${STEPPATH:-'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield '}"\nhere="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"\nroot="$src/certs/root.pem"\ncert="$src/certs/'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'slug'))
    yield '.pem"\ndie() {\n  printf \'error: %s\\n\' "$*" >&2\n  exit 1\n}\nsay() { printf \'==> %s\\n\' "$*"; }\n\n(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "$src does not match its SHA256SUMS"\nopenssl verify -CAfile "$root" "$cert" >/dev/null || die "$cert is not signed by $root"\npassin=()\nif [[ -n ${PKISPEC_INTERMEDIATE_PASSFILE:-} ]]; then\n  passin=(-passin "file:$PKISPEC_INTERMEDIATE_PASSFILE")\nfi\n[[ "$(openssl pkey -in "$key" "${passin[@]}" -pubout)" == \\\n  "$(openssl x509 -in "$cert" -noout -pubkey)" ]] ||\n  die "$key does not open with this passphrase, or does not belong to $cert"\n\nplace() { # place SOURCE RELATIVE-TARGET MODE: install, but never replace different content\n  local target="$steppath/$2"\n  if [[ -e $target ]]; then\n    cmp -s -- "$1" "$target" || die "$target exists with other content; it is kept"\n    return 0\n  fi\n  install -m "$3" -- "$1" "$target"\n}\n\nsay "laying out $steppath"\nmkdir -p -- "$steppath"/{certs,secrets,config}\nchmod 755 "$steppath" "$steppath/certs" "$steppath/config"\nchmod 700 "$steppath/secrets"\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'):
        pass
        yield 'mkdir -p -- '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'))
        yield '\nchmod 700 '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'))
        yield '\n'
    yield 'place "$root" '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'root'))
    yield ' 444\nplace "$cert" '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield ' 444\nplace "$key" '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'key'))
    yield ' 400\nif [[ -e $steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield ' ]]; then\n  say "keeping the existing $steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield '; compare it with $here/step/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield '"\nelse\n  install -m 444 -- "$here/step/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield '" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield '"\nfi\nif [[ ! -e $steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield ' ]]; then\n  if [[ -n ${PKISPEC_INTERMEDIATE_PASSFILE:-} ]]; then\n    install -m 400 -- "$PKISPEC_INTERMEDIATE_PASSFILE" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield '"\n  else\n    read -r -s -p "Passphrase of $key: " pass || die "no passphrase; nothing stored"\n    printf \'\\n\'\n    (umask 377 && printf \'%s\\n\' "$pass" >"$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield '")\n  fi\nfi\n\nfingerprint="$(openssl x509 -in "$root" -outform DER | openssl dgst -sha256 -r)"\nfingerprint="${fingerprint%% *}"\ndefaults="$(printf \'{\\n  "ca-config": "%s",\\n  "ca-url": "%s",\\n  "fingerprint": "%s",\\n  "root": "%s"\\n}\\n\' \\\n  "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield '" '
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url')))
    yield ' "$fingerprint" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'root'))
    yield '")"\nprintf \'%s\' "$defaults" >"$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'defaults'))
    yield '"\nchmod 444 "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'defaults'))
    yield '"\n\n'
    if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql'):
        pass
        yield 'STEPPATH="$steppath" python3 "$here/set-data-source.py"\n'
    for l_1_name in (undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners):
        _loop_vars = {}
        pass
        yield 'STEPPATH="$steppath" python3 "$here/add-jwk-provisioner.py" '
        yield str(t_2(l_1_name))
        yield '\n'
    l_1_name = missing
    yield '\nif [[ ${PKISPEC_NO_CHOWN:-} != 1 ]]; then\n  if ! id -u '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield ' >/dev/null 2>&1; then\n    useradd --system --home-dir "$steppath" --shell /usr/sbin/nologin '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield '\n  fi\n  chown -R '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield ':'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield ' "$steppath"\nfi\nsay "root fingerprint (for step ca bootstrap): $fingerprint"\nsay "start it: systemctl enable --now '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
    yield '"\n'

blocks = {}
debug_info = '2=29&3=31&4=35&7=37&9=41&10=44&19=47&22=49&52=51&53=54&54=56&56=59&57=61&58=63&59=65&60=67&62=71&64=75&66=77&70=79&77=81&78=87&79=89&81=91&84=94&85=98&89=102&90=104&92=106&95=110'