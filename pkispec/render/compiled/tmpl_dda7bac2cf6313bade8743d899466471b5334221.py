from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'root.sh.j2'

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
    yield '\n# Ceremony step 2 (air-gapped machine): the root key ('
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'key_label'))
    yield ', encrypted) and the\n# self-signed root certificate, valid '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'days'))
    yield ' days.\n# Passphrase: typed at the prompts, or read from the file named by $'
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'passfile_var'))
    yield '.\nhere="${BASH_SOURCE[0]%/*}" # this script\'s folder, without a dirname process\n[[ $here != "${BASH_SOURCE[0]}" ]] || here=.\n# shellcheck source-path=SCRIPTDIR source='
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '\n. "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '"\n\nca="$PKISPEC_PREFIX"\ncnf="$ca/openssl.cnf"\nkey="$ca/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'key'))
    yield '"\ncert="$ca/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'cert'))
    yield '"\nneed_file "$cnf" "run '
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'prepare'))
    yield ' first"\npass_from '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'passfile_var'))
    yield '\n\nmake_key "$key" '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'genpkey'), ' '))
    yield '\n\nif [[ -e $cert ]]; then\n  say "keeping the existing root certificate $cert"\n  own="$(pubkey_of_key "$key")" || die "cannot open $key with this passphrase"\n  belongs "$cert" "$key" "$(pubkey_of_cert "$cert")" "$own"\nelse\n  say "making the self-signed root certificate $cert"\n  into_tmp "$cert" 444 openssl req -config "$cnf" -new -x509 -key "$key" "${PASSIN[@]}" \\\n    -days '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'days'))
    yield ' -'
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'digest'))
    yield ' -extensions v3_ca\n  commit_new "$TMP" "$cert"\nfi\n\nopenssl verify -no-CApath -no-CAstore -CAfile "$cert" "$cert"\nshow_cert "$cert"\nok "root certificate ready; check the subject and dates above before going on"\n'

blocks = {}
debug_info = '2=21&3=23&4=25&5=27&8=29&9=31&13=33&14=35&15=37&16=39&18=41&27=43'