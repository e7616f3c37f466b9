from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'crl.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_crl = resolve('crl')
    l_0_root = resolve('root')
    l_0_scripts = resolve('scripts')
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Ceremony step 5 (air-gapped machine): a new root CRL, valid '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'hours'))
    yield " hours, in PEM\n# and DER. Run it again at every planned CRL ceremony, and after each revocation.\n# Passphrase: the ROOT key's, typed at the prompt or read from $"
    yield str(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'passfile_var'))
    yield '.\nhere="${BASH_SOURCE[0]%/*}" # this script\'s folder, without a dirname process\n[[ $here != "${BASH_SOURCE[0]}" ]] || here=.\n# shellcheck source-path=SCRIPTDIR source='
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '\n. "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '"\n\nroot="$PKISPEC_PREFIX"\nroot_cert="$root/'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'cert'))
    yield '"\npem="$root/'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'crl_pem'))
    yield '"\nder="$root/'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'crl_der'))
    yield '"\nneed_file "$root_cert" "run '
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'root'))
    yield ' first"\npass_from '
    yield str(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'passfile_var'))
    yield '\n\nsay "signing a new root CRL"\ninto_tmp "$pem" 444 openssl ca -config "$root/openssl.cnf" -gencrl -crlhours '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'hours'))
    yield ' \\\n  "${PASSIN[@]}"\npem_tmp="$TMP"\n# One call checks the signature, writes the DER form and shows the dates. openssl 3.0\n# exits 0 on a bad signature, so its verdict ("verify OK") is what counts. The report\n# takes stdout, so openssl creates the DER file itself: a fresh name in the root\'s own\n# folder, made with the CRL\'s mode by this subshell\'s umask.\ntmp_name "$der"\nreport="$(umask 333 && openssl crl -in "$pem_tmp" -no-CApath -no-CAstore -CAfile "$root_cert" \\\n  -outform DER -out "$TMP" -crlnumber -lastupdate -nextupdate 2>&1)"\n[[ $\'\\n\'$report$\'\\n\' == *$\'\\nverify OK\\n\'* ]] ||\n  die "the new CRL does not verify against $root_cert"\ncommit_replace "$pem_tmp" "$pem"\ncommit_replace "$TMP" "$der"\nprintf \'%s\\n\' "$report"\nok "root CRL ready: $der (carry it to the CRL host with '
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'export'))
    yield ')"\n'

blocks = {}
debug_info = '2=16&3=18&5=20&8=22&9=24&12=26&13=28&14=30&15=32&16=34&19=36&34=38'