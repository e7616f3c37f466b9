from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'crl-renew.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_crl = resolve('crl')
    l_0_publish = resolve('publish')
    l_0_prefix = resolve('prefix')
    l_0_root = resolve('root')
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield "\n# WARNING: this is the guide's automatic renewal. It needs the root key and its\n# passphrase ("
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'passphrase_file'))
    yield ') on this online machine: whoever gets both owns the CA.\n# Run daily by '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'renew_unit'))
    yield '.timer; re-signs the root CRL once it is due.\nset -euo pipefail\numask 077\n\nroot="${PKISPEC_PREFIX:-'
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield '}"\nweb="${PKISPEC_WEB_ROOT:-'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'web_root'))
    yield '}"\npass="${PKISPEC_ROOT_PASSFILE:-'
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'passphrase_file'))
    yield '}"\ntarget="$web'
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'url_path'))
    yield '"\n\n# The freshness check is installed beside this script; it exits 0 while the CRL is not due.\nif PKISPEC_CRL_FILE="$target" "$(dirname "${BASH_SOURCE[0]}")/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '"; then\n  exit 0\nfi\n# The CA directory here must be the only one that signs CRLs (RUNBOOK.md): a CRL number\n# at or past ours means another copy signed, and re-signing here would drop revocations.\npublished="$(openssl crl -inform DER -in "$target" -noout -crlnumber 2>/dev/null)" || published=""\nif [[ -n $published ]]; then\n  next_number="$(cat -- "$root/crlnumber")"\n  if ((16#${published#crlNumber=0x} >= 16#$next_number)); then\n    printf \'error: the published CRL (%s) is not from %s; not re-signing\\n\' \\\n      "$published" "$root" >&2\n    exit 1\n  fi\nfi\nprintf \'re-signing the root CRL\\n\'\nexport PKISPEC_PREFIX="$root"\npem="$root/'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'crl_pem'))
    yield '"\nder="$root/'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'crl_der'))
    yield '"\nopenssl ca -config "$root/openssl.cnf" -gencrl -crlhours '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'hours'))
    yield ' -passin "file:$pass" -out "$pem.tmp"\nverdict="$(openssl crl -in "$pem.tmp" -no-CApath -no-CAstore -CAfile "$root/'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'cert'))
    yield '" -noout 2>&1)"\n[[ $verdict == "verify OK" ]] || {\n  printf \'error: the new CRL does not verify: %s\\n\' "$verdict" >&2\n  exit 1\n}\nmv -f -- "$pem.tmp" "$pem"\nopenssl crl -in "$pem" -outform DER -out "$der.tmp"\nmv -f -- "$der.tmp" "$der"\numask 022\nmkdir -p -- "$(dirname "$target")"\ncp -- "$der" "$target.tmp"\nchmod 644 "$target.tmp"\nmv -f -- "$target.tmp" "$target"\nopenssl crl -in "$pem" -noout -crlnumber -nextupdate\n'

blocks = {}
debug_info = '2=17&4=19&5=21&9=23&10=25&11=27&12=29&15=31&31=33&32=35&33=37&34=39'