from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'crl-check.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_publish = resolve('publish')
    l_0_crl = resolve('crl')
    l_0_renew_advice = resolve('renew_advice')
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# On the CRL host, run daily by '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '.timer: is the published root CRL\n# fresh? Exit 0 when it is, 1 when its re-signing is due (less than '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'due_human'))
    yield ' left of\n# its validity), 2 when it is missing, unreadable or expired.\n# PKISPEC_CRL_FILE moves the file; PKISPEC_NOW (seconds since 1970) moves the clock.\nset -euo pipefail\n\ncrl="${PKISPEC_CRL_FILE:-'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'crl_file'))
    yield '}"\nnow="${PKISPEC_NOW:-$(date +%s)}"\ndue='
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'due_seconds'))
    yield '\n\nif ! next="$(openssl crl -inform DER -in "$crl" -noout -nextupdate 2>/dev/null)"; then\n  printf \'error: cannot read the CRL %s\\n\' "$crl" >&2\n  exit 2\nfi\nnext="${next#nextUpdate=}"\nleft=$(($(date -d "$next" +%s) - now))\nif ((left <= 0)); then\n  printf \'error: the root CRL %s expired at %s; clients reject the chain now\\n\' "$crl" "$next" >&2\n  exit 2\nfi\nif ((left <= due)); then\n  printf \'warning: the root CRL %s expires at %s (in %d days); '
    yield str((undefined(name='renew_advice') if l_0_renew_advice is missing else l_0_renew_advice))
    yield '\\n\' \\\n    "$crl" "$next" $((left / 86400)) >&2\n  exit 1\nfi\nprintf \'ok: the root CRL %s is valid until %s (%d days)\\n\' "$crl" "$next" $((left / 86400))\n'

blocks = {}
debug_info = '2=16&3=18&4=20&9=22&11=24&24=26'