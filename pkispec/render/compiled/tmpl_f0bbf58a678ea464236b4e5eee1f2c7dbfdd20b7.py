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
    yield '"\n\n# Every CA\'s folders and files, gathered first so that one install serves them all.\npublic=() private=() files=() configs=()\nadd_ca() { # add_ca DIR CNF SUBDIRS...\n  local dir=$1 sub\n  configs+=("$dir" "$2")\n  shift 2\n  public+=("$dir")\n  for sub in "$@"; do public+=("$dir/$sub"); done\n  private+=("$dir/private")\n  files+=("$dir/index.txt" "$dir/crlnumber")\n}\noffline="$here/.." # the bundle\'s offline/ folder; no step changes its directory\nadd_ca "$PKISPEC_PREFIX" "$offline/openssl/root.cnf" certs crl newcerts\n'
    for l_1_inter in (undefined(name='intermediates') if l_0_intermediates is missing else l_0_intermediates):
        _loop_vars = {}
        pass
        yield 'add_ca "$PKISPEC_PREFIX/'
        yield str(environment.getattr(l_1_inter, 'dir'))
        yield '" "$offline/openssl/'
        yield str(environment.getattr(l_1_inter, 'slug'))
        yield '.cnf" certs crl csr newcerts\n'
    l_1_inter = missing
    yield '\nsay "preparing the CA folders under $PKISPEC_PREFIX"\ninstall -d -m 755 -- "${public[@]}" # the modes whatever the umask, existing or new\ninstall -d -m 700 -- "${private[@]}"\n# New CA databases are readable by all, as the guide makes them (openssl ca rewrites them\n# later with the ceremony\'s umask). An empty crlnumber can only be one this step began to\n# write when it was stopped: openssl replaces the file whole once it signs a CRL.\numask 022\nfor file in "${files[@]}"; do\n  if [[ $file == */crlnumber ]]; then\n    [[ -s $file ]] || echo 1000 >"$file"\n  else\n    [[ -e $file ]] || : >"$file"\n  fi\ndone\numask 077\n\nonly_adds_sections() { # only_adds_sections OLD NEW: NEW holds every section of OLD unchanged\n  awk \'FNR == 1 { file++; name = "" }\n    /^\\[/ { name = $0 }\n    { text[file, name] = text[file, name] $0 "\\n"; if (file == 1) names[name] = 1 }\n    END { for (n in names) if (text[1, n] != text[2, n]) exit 1 }\' "$1" "$2"\n}\n\nset -- "${configs[@]}"\nwhile (($#)); do\n  dir=$1 cnf=$2\n  shift 2\n  read_text "$cnf"\n  want=$TEXT\n  if [[ -e $dir/openssl.cnf ]]; then\n    read_text "$dir/openssl.cnf"\n    if [[ $TEXT != "$want" ]]; then\n      # a new intermediate adds its section to the root\'s openssl.cnf: that alone is taken\n      only_adds_sections "$dir/openssl.cnf" "$cnf" ||\n        die "$dir/openssl.cnf differs from this bundle\'s; compare them, and remove the old one only if the change is intended"\n      into_tmp "$dir/openssl.cnf" 444 printf \'%s\' "$want"\n      commit_replace "$TMP" "$dir/openssl.cnf"\n      say "$dir/openssl.cnf gained the sections of this bundle\'s new CAs; the rest is unchanged"\n    fi\n  else\n    into_tmp "$dir/openssl.cnf" 444 printf \'%s\' "$want"\n    commit_new "$TMP" "$dir/openssl.cnf"\n  fi\n  ok "$dir"\ndone\n'

blocks = {}
debug_info = '2=15&7=17&8=19&23=21&24=25'