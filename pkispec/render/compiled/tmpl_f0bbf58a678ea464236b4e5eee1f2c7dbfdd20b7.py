from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'prepare.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_scripts = resolve('scripts')
    l_0_intermediates = resolve('intermediates')
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Ceremony step 1 (air-gapped machine): lay out the CA directories and their openssl.cnf.\n# Safe to run again: it only adds what is missing and never touches keys.\nhere="${BASH_SOURCE[0]%/*}" # this script\'s folder, without a dirname process\n[[ $here != "${BASH_SOURCE[0]}" ]] || here=.\n# shellcheck source-path=SCRIPTDIR source='
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '\n. "$here/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'lib'))
    yield '"\n\nprepare_ca() { # prepare_ca DIR CNF SUBDIRS...\n  local dir=$1 cnf=$2 sub\n  shift 2\n  say "preparing $dir"\n  local subs=()\n  for sub in "$@"; do subs+=("$dir/$sub"); done\n  install -d -m 755 -- "$dir" "${subs[@]}" # the modes whatever the umask, existing or new\n  install -d -m 700 -- "$dir/private"\n  [[ -e $dir/index.txt ]] || : >"$dir/index.txt"\n  [[ -e $dir/crlnumber ]] || echo 1000 >"$dir/crlnumber"\n  chmod 644 "$dir/index.txt" "$dir/crlnumber"\n  if [[ -e $dir/openssl.cnf ]]; then\n    cmp -s -- "$cnf" "$dir/openssl.cnf" ||\n      die "$dir/openssl.cnf differs from this bundle\'s; compare them, and remove the old one only if the change is intended"\n  else\n    new_tmp "$dir/openssl.cnf"\n    cp -- "$cnf" "$TMP"\n    commit_new "$TMP" "$dir/openssl.cnf" 444\n  fi\n  ok "$dir"\n}\n\nprepare_ca "$PKISPEC_PREFIX" "$OFFLINE_DIR/openssl/root.cnf" certs crl newcerts\n'
    for l_1_inter in (undefined(name='intermediates') if l_0_intermediates is missing else l_0_intermediates):
        _loop_vars = {}
        pass
        yield 'prepare_ca "$PKISPEC_PREFIX/'
        yield str(environment.getattr(l_1_inter, 'dir'))
        yield '" "$OFFLINE_DIR/openssl/'
        yield str(environment.getattr(l_1_inter, 'slug'))
        yield '.cnf" certs crl csr newcerts\n'
    l_1_inter = missing

blocks = {}
debug_info = '2=15&7=17&8=19&33=21&34=25'