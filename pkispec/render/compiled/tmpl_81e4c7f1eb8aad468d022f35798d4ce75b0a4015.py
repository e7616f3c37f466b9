from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'publish-crl.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_publish = resolve('publish')
    l_0_crl = resolve('crl')
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_3 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# On the CRL host: put the exported root CRL'
    yield str((' and certificates' if environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'serve_root') else ''))
    yield ' into the web root,\n# after checking that the CRL is signed by the root and not expired.\n# Usage: publish-crl.sh EXPORT_DIR   (the folder 06-export.sh wrote)\n# The web root is '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'web_root'))
    yield '; PKISPEC_WEB_ROOT moves it.\nset -euo pipefail\numask 022\n\nsrc="${1:?usage: publish-crl.sh EXPORT_DIR}"\nweb="${PKISPEC_WEB_ROOT:-'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'web_root'))
    yield '}"\ncrl='
    yield str(t_3(environment.getattr(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'crl_export'), 'name')))
    yield '\nlive="$web"'
    yield str(t_3(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'url_path')))
    yield '\ndie() {\n  printf \'error: %s\\n\' "$*" >&2\n  exit 1\n}\ncrl_number() { # crl_number DER-FILE: the CRL number as a decimal\n  local n\n  n="$(openssl crl -inform DER -in "$1" -noout -crlnumber)" || return 1\n  printf \'%d\\n\' "$((16#${n#crlNumber=0x}))"\n}\n\n(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "$src does not match its SHA256SUMS"\n# openssl 3.0 says "verify failure" but exits 0 on a bad signature: read what it says\nverdict="$(openssl crl -inform DER -in "$src/$crl" -no-CApath -no-CAstore -CAfile "$src/certs/root.pem" -noout 2>&1)"\n[[ $verdict == "verify OK" ]] || die "the CRL in $src is not signed by the root in $src"\nnext="$(openssl crl -inform DER -in "$src/$crl" -noout -nextupdate)"\n(($(date -d "${next#nextUpdate=}" +%s) > $(date +%s))) || die "the CRL in $src has expired"\nif [[ -f $web/certs/root.pem ]]; then\n  cmp -s -- "$src/certs/root.pem" "$web/certs/root.pem" ||\n    die "$src holds another root than the one published in $web/certs/root.pem"\nfi\ncrl_is_new=true\nif [[ -f $live ]]; then\n  new_number="$(crl_number "$src/$crl")"\n  old_number="$(crl_number "$live")" || die "cannot read the published CRL $live"\n  if cmp -s -- "$src/$crl" "$live"; then\n    crl_is_new=false # the same CRL again (an export after a new intermediate): certificates only\n  else\n    ((new_number > old_number)) ||\n      die "the CRL in $src (number $new_number) is not newer than the published one ($old_number)"\n  fi\nfi\n\npublish() { # publish EXPORT-NAME URL-PATH\n  local target="$web$2" tmp\n  mkdir -p -- "$(dirname "$target")"\n  tmp="$(mktemp "$target.tmp.XXXXXX")"\n  cp -- "$src/$1" "$tmp"\n  chmod 644 "$tmp"\n  mv -f -- "$tmp" "$target"\n  printf \'    published %s\\n\' "$target"\n}\n'
    if t_1(context.eval_ctx, t_2(context, environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'served'), 'withdrawn')):
        pass
        yield 'withdraw() { # withdraw URL-PATH: a revoked intermediate\'s chain leaves the web root, once\n  local serial listed # the CRL to be published lists its certificate\n  [[ -e $web$1 ]] || return 0\n  serial="$(openssl x509 -in "$web$1" -noout -serial)" || die "cannot read $web$1"\n  listed="$(openssl crl -inform DER -in "$src/$crl" -noout -text)"\n  [[ $listed == *"Serial Number: ${serial#serial=}"* ]] ||\n    die "the CRL in $src does not list the certificate of $web$1; run its revoke step first (RUNBOOK.md section 8)"\n  rm -f -- "$web$1"\n  printf \'    withdrew %s (revoked)\\n\' "$web$1"\n}\n'
    for l_1_e in environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'served'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_e, 'withdrawn'):
            pass
            yield 'withdraw '
            yield str(t_3(environment.getattr(l_1_e, 'url_path')))
            yield '\n'
        elif environment.getattr(l_1_e, 'cert_of'):
            pass
            yield '[[ ! -f $src/'
            yield str(t_3(environment.getattr(l_1_e, 'name')))
            yield ' ]] || publish '
            yield str(t_3(environment.getattr(l_1_e, 'name')))
            yield ' '
            yield str(t_3(environment.getattr(l_1_e, 'url_path')))
            yield '\n'
        elif (l_1_e == environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'crl_export')):
            pass
            yield 'if $crl_is_new; then\n  publish '
            yield str(t_3(environment.getattr(l_1_e, 'name')))
            yield ' '
            yield str(t_3(environment.getattr(l_1_e, 'url_path')))
            yield '\nelse\n  printf \'    %s is already published\\n\' "$live"\nfi\n'
        else:
            pass
            yield 'publish '
            yield str(t_3(environment.getattr(l_1_e, 'name')))
            yield ' '
            yield str(t_3(environment.getattr(l_1_e, 'url_path')))
            yield '\n'
    l_1_e = missing
    yield "printf '==> the CRL is served at %s (%s)\\n' "
    yield str(t_3(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'url')))
    yield ' "$next"\n'

blocks = {}
debug_info = '2=33&3=35&6=37&11=39&12=41&13=43&55=45&67=48&68=51&69=54&70=56&71=59&72=65&74=68&79=75&82=81'