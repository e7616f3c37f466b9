from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sign.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_ca = resolve('ca')
    l_0_root = resolve('root')
    l_0_scripts = resolve('scripts')
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Ceremony step 4 (air-gapped machine): the root signs the '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
    yield ' for\n# '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'days'))
    yield ' days (pathlen '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'pathlen'))
    yield "), then the chain file is built.\n# Passphrase: the ROOT key's, typed at the prompt or read from $"
    yield str(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'passfile_var'))
    yield '.\nhere="${BASH_SOURCE[0]%/*}" # this script\'s folder, without a dirname process\n[[ $here != "${BASH_SOURCE[0]}" ]] || here=.\n# shellcheck source-path=SCRIPTDIR source='
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '\n. "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '"\n'
    if environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'revoked'):
        pass
        yield '\n# the spec revokes this CA ('
        yield str(environment.getitem(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'revoked'), 1))
        yield ', '
        yield str(environment.getitem(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'revoked'), 0))
        yield '): its key is not signed again,\n# not even after its certificate was moved aside\ndie "the spec revokes the '
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
        yield '; the root signs its successor instead (RUNBOOK.md section 8)"\n'
    else:
        pass
        yield '\nroot="$PKISPEC_PREFIX"\nroot_cert="$root/'
        yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'cert'))
        yield '"\nca="$PKISPEC_PREFIX/'
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'dir'))
        yield '"\ncsr="$ca/'
        yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'csr'))
        yield '"\ncert="$ca/'
        yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'cert'))
        yield '"\nchain="$ca/'
        yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'chain'))
        yield '"\nneed_file "$root_cert" "run '
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'root'))
        yield ' first"\nneed_file "$csr" "run '
        yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'request'), environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'slug')))
        yield ' first"\npass_from '
        yield str(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'passfile_var'))
        yield '\n\nif [[ -e $cert ]]; then\n  is_revoked "$root" "$cert" &&\n    die "$cert is revoked; its successor is a new intermediate of the spec (RUNBOOK.md section 8)"\n  say "keeping the existing certificate $cert"\n  belongs "$cert" "the request $csr" "$(pubkey_of_cert "$cert")" "$(pubkey_of_csr "$csr")"\nelif find_issued "$root" "$csr"; then\n  say "the root already signed this request ($ISSUED); taking that certificate"\n  read_text "$ISSUED"\n  into_tmp "$cert" 444 printf \'%s\' "$TEXT"\n  commit_new "$TMP" "$cert"\nelse\n  openssl req -in "$csr" -noout -subject\n  confirm "Sign this request as the '
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
        yield ' for '
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'days'))
        yield ' days?"\n  into_tmp "$cert" 444 openssl ca -batch -config "$root/openssl.cnf" \\\n    -extensions v3_'
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'slug'))
        yield '_ca -days '
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'days'))
        yield ' -notext -md '
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'digest'))
        yield ' \\\n    "${PASSIN[@]}" -in "$csr"\n  commit_new "$TMP" "$cert"\nfi\n\nread_text "$cert"\nwant=$TEXT\nread_text "$root_cert"\nwant+=$TEXT # the intermediate, then the root: what cat would join\nif [[ -e $chain ]]; then\n  read_text "$chain"\n  [[ $TEXT == "$want" ]] || die "$chain exists with other certificates; it is kept"\n  say "the chain $chain is already in place"\nelse\n  into_tmp "$chain" 444 printf \'%s\' "$want"\n  commit_new "$TMP" "$chain"\nfi\nopenssl verify -no-CApath -no-CAstore -CAfile "$root_cert" -untrusted "$chain" "$cert"\nshow_cert "$cert"\nok "'
        yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
        yield ' signed; its chain is $chain"\n'

blocks = {}
debug_info = '2=16&3=18&4=20&5=24&8=26&9=28&10=30&12=33&14=37&18=42&19=44&20=46&21=48&22=50&23=52&24=54&25=56&39=58&41=62&60=68'