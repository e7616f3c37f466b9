from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'revoke.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_ca = resolve('ca')
    l_0_scripts = resolve('scripts')
    l_0_root = resolve('root')
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Revoke the '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
    yield ' (air-gapped machine), then sign a new root CRL.\n# This cannot be undone. Usage: revoke-'
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'slug'))
    yield '.sh [REASON]\n# REASON: unspecified, keyCompromise, CACompromise, affiliationChanged, superseded,\n# cessationOfOperation. Passphrase: the ROOT key\'s.\nhere="${BASH_SOURCE[0]%/*}" # this script\'s folder, without a dirname process\n[[ $here != "${BASH_SOURCE[0]}" ]] || here=.\n# shellcheck source-path=SCRIPTDIR source='
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '\n. "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '"\n\nreason="${1:-unspecified}"\ncase $reason in\nunspecified | keyCompromise | CACompromise | affiliationChanged | superseded | cessationOfOperation) ;;\n*) die "unknown reason \'$reason\'; see the usage at the top of this script" ;;\nesac\nroot="$PKISPEC_PREFIX"\ncert="$root/'
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'dir'))
    yield '/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'cert'))
    yield '"\nneed_file "$cert" "there is no '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
    yield ' to revoke"\npass_from '
    yield str(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'passfile_var'))
    yield '\n\nif is_revoked "$root" "$cert"; then\n  say "$cert is already revoked"\nelse\n  openssl x509 -in "$cert" -noout -subject -serial\n  confirm "Revoke the '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
    yield ' ($reason)? This cannot be undone."\n  reason_args=()\n  [[ $reason == unspecified ]] || reason_args=(-crl_reason "$reason")\n  openssl ca -config "$root/openssl.cnf" -revoke "$cert" "${reason_args[@]}" "${PASSIN[@]}"\nfi\nis_revoked "$root" "$cert" || die "the root\'s database does not list $cert as revoked"\nok "revoked; now signing a new root CRL"\nexec bash "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'crl'))
    yield '"\n'

blocks = {}
debug_info = '2=16&3=18&4=20&9=22&10=24&18=26&19=30&20=32&26=34&33=36'