from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'export.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_scripts = resolve('scripts')
    l_0_publish = resolve('publish')
    try:
        t_1 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Ceremony step 6 (air-gapped machine): copy the public results (certificates, chains,\n# the root CRL) to a folder to carry to the online machines, with SHA256SUMS.\n# Nothing secret is copied. The folder is $PKISPEC_EXPORT, by default $PKISPEC_PREFIX/export.\nhere="${BASH_SOURCE[0]%/*}" # this script\'s folder, without a dirname process\n[[ $here != "${BASH_SOURCE[0]}" ]] || here=.\n# shellcheck source-path=SCRIPTDIR source='
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '\n. "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '"\n\nroot="$PKISPEC_PREFIX"\nout="${PKISPEC_EXPORT:-$root/export}"\n# readable by all: what is exported is public (files get their mode from into_tmp)\n(umask 022 && mkdir -p -- "$out/certs" "$out/crls")\n\nexport_file() { # export_file SOURCE NAME MADE-BY [der]: copy into the export folder\n  need_file "$root/$1" "run $3 first"\n  if [[ ${4:-} == der ]]; then\n    into_tmp "$out/$2" 644 openssl x509 -in "$root/$1" -outform DER\n  else\n    into_tmp "$out/$2" 644 cat -- "$root/$1"\n  fi\n  commit_replace "$TMP" "$out/$2"\n}\n'
    for l_1_e in environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'exports'):
        _loop_vars = {}
        pass
        yield 'rm -f -- "$out"/'
        yield str(t_1(environment.getattr(l_1_e, 'name')))
        yield '\n'
    l_1_e = missing
    for l_1_e in environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'exports'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_e, 'withdrawn'):
            pass
            yield 'say "not exporting '
            yield str(environment.getattr(l_1_e, 'name'))
            yield ': the spec revokes it"\n'
        elif environment.getattr(l_1_e, 'cert_of'):
            pass
            yield 'if [[ -f $root/'
            yield str(t_1(environment.getattr(l_1_e, 'cert_of')))
            yield ' ]] && is_revoked "$root" "$root/'
            yield str(t_1(environment.getattr(l_1_e, 'cert_of')))
            yield '"; then\n  say "not exporting '
            yield str(environment.getattr(l_1_e, 'name'))
            yield ': its certificate is revoked"\nelse\n  export_file '
            yield str(t_1(environment.getattr(l_1_e, 'source')))
            yield ' '
            yield str(t_1(environment.getattr(l_1_e, 'name')))
            yield ' '
            yield str(t_1(environment.getattr(l_1_e, 'made_by')))
            yield str((' der' if environment.getattr(l_1_e, 'der') else ''))
            yield '\nfi\n'
        else:
            pass
            yield 'export_file '
            yield str(t_1(environment.getattr(l_1_e, 'source')))
            yield ' '
            yield str(t_1(environment.getattr(l_1_e, 'name')))
            yield ' '
            yield str(t_1(environment.getattr(l_1_e, 'made_by')))
            yield str((' der' if environment.getattr(l_1_e, 'der') else ''))
            yield '\n'
    l_1_e = missing
    yield '\nsums() { # the checksums of what is in the export folder, as sha256sum -c reads them\n  (cd "$out" && find certs crls -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)\n}\ninto_tmp "$out/SHA256SUMS" 644 sums\ncommit_replace "$TMP" "$out/SHA256SUMS"\ncat -- "$out/SHA256SUMS"\nok "exported to $out; on the CRL host, run '
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'publish'))
    yield ' $out"\n'

blocks = {}
debug_info = '2=21&8=23&9=25&25=27&26=31&28=34&29=37&30=40&31=42&32=45&33=49&35=51&38=61&48=70'