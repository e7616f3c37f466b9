from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sign-profile.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_signer = resolve('signer')
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Sign an Apple configuration profile with the profile signer "'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'common_name'))
    yield '", so\n# that iOS, iPadOS and macOS show it as verified (once the root is trusted on the device).\n#\n# Usage: sign-profile.sh SIGNER_DIR PROFILE SIGNED\n#   SIGNER_DIR  where issue-certificate.py '
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'slug'))
    yield ' wrote '
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'slug'))
    yield '.key, .crt and .chain.pem\n#   PROFILE     a .mobileconfig of this bundle; SIGNED is written (DER, CMS signed data)\n# The key\'s passphrase is read from $PKISPEC_KEY_PASSFILE, or asked for. Needs openssl.\nset -euo pipefail\numask 077\n\ndie() {\n  printf \'error: %s\\n\' "$1" >&2\n  exit 1\n}\n\n(($# == 3)) || die "usage: $0 SIGNER_DIR PROFILE SIGNED"\nsigner_dir=$1 profile=$2 signed=$3\nkey="$signer_dir/'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'slug'))
    yield '.key"\ncert="$signer_dir/'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'slug'))
    yield '.crt"\nchain="$signer_dir/'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'slug'))
    yield '.chain.pem"\nfor file in "$key" "$cert" "$chain" "$profile"; do\n  [[ -f $file ]] || die "$file is missing"\ndone\n[[ ! -e $signed ]] || die "$signed exists; remove it first"\npassin=()\nif [[ -n ${PKISPEC_KEY_PASSFILE:-} ]]; then\n  passin=(-passin "file:$PKISPEC_KEY_PASSFILE")\nfi\n# openssl creates its output before it opens the key: a wrong passphrase must leave nothing\ntmp=$(mktemp "$signed.tmp.XXXXXX")\ntrap \'rm -f -- "$tmp"\' EXIT\nopenssl smime -sign -binary -nodetach -outform DER -signer "$cert" -inkey "$key" \\\n  "${passin[@]}" -certfile "$chain" -in "$profile" -out "$tmp"\n# ln, unlike mv, never replaces a file that appeared meanwhile\nln -- "$tmp" "$signed" || die "cannot create $signed (it appeared meanwhile, or no hard links)"\nprintf \'ok: %s, signed by %s\\n\' "$signed" "$(openssl x509 -in "$cert" -noout -subject)"\n'

blocks = {}
debug_info = '2=14&3=16&7=18&20=22&21=24&22=26'