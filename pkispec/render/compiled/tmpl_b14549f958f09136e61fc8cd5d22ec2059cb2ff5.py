from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'request.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_ca = resolve('ca')
    l_0_scripts = resolve('scripts')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Ceremony step 3 (air-gapped machine): the key ('
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'key_label'))
    yield ', encrypted) and the\n# certificate request of the '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
    yield '.\n# Passphrase: typed at the prompts, or read from the file named by $'
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'passfile_var'))
    yield ';\n# use another passphrase than the root\'s.\nhere="${BASH_SOURCE[0]%/*}" # this script\'s folder, without a dirname process\n[[ $here != "${BASH_SOURCE[0]}" ]] || here=.\n# shellcheck source-path=SCRIPTDIR source='
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '\n. "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '"\n\nca="$PKISPEC_PREFIX/'
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'dir'))
    yield '"\ncnf="$ca/openssl.cnf"\nkey="$ca/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'key'))
    yield '"\ncsr="$ca/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'csr'))
    yield '"\nneed_file "$cnf" "run '
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'prepare'))
    yield ' first"\npass_from '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'passfile_var'))
    yield '\n\nmake_key "$key" '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'genpkey'), ' '))
    yield '\n\nif [[ -e $csr ]]; then\n  say "keeping the existing request $csr"\n  own="$(pubkey_of_key "$key")" || die "cannot open $key with this passphrase"\n  belongs "$csr" "$key" "$(pubkey_of_csr "$csr")" "$own"\nelse\n  say "making the request $csr"\n  into_tmp "$csr" 444 openssl req -config "$cnf" -new -key "$key" "${PASSIN[@]}" -'
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'digest'))
    yield '\n  commit_new "$TMP" "$csr"\nfi\n\nopenssl req -in "$csr" -noout -verify -subject\nok "request ready; sign it with '
    yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'sign'), environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'slug')))
    yield '"\n'

blocks = {}
debug_info = '2=21&3=23&4=25&5=27&9=29&10=31&12=33&14=35&15=37&16=39&17=41&19=43&27=45&32=47'