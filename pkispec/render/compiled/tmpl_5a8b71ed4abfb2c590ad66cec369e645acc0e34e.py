from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'install-step-ca.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_step = resolve('step')
    l_0_signer = resolve('signer')
    l_0_paths = resolve('paths')
    l_0_provisioners = resolve('provisioners')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# On the CA host, as root: lay out '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield ' for step-ca "'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'name'))
    yield '" from the\n# ceremony\'s export and the encrypted key of the '
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'title'))
    yield ".\n# Usage: install-step-ca.sh EXPORT_DIR INTERMEDIATE_KEY\n#\n# The key's passphrase is typed at the prompt (or read from the first line of the file\n# $"
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'passfile_var'))
    yield ' names), checked against the key, and stored as\n# '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield ' for step-ca. Files belong to root and the group '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield '\n# (read-only)'
    yield str((('; only the database belongs to ' + environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user')) if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path') else ''))
    yield '.\n'
    if (undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners):
        pass
        yield '# JWK provisioners ('
        yield str(t_1(context.eval_ctx, (undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners), ', '))
        yield ") get their keys from add-jwk-provisioner.py,\n# each under a passphrase of its own; on a second host behind the same name, set\n# PKISPEC_PROVISIONERS_FROM to the first host's ca.json so both share the same keys.\n"
    if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql'):
        pass
        yield '# The MySQL/MariaDB data source comes from $PKISPEC_DSN or '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'dsn_file'))
        yield '.\n'
    yield '# Rotating the intermediate (RUNBOOK.md): PKISPEC_CUT_OVER=1 replaces an installed\n# intermediate certificate, key and passphrase with the ones given, keeping the old files\n# as *.retired; ca.json and the database stay. Then restart step-ca.\n# STEPPATH moves the files for a rehearsal (ca.json keeps '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield ');\n# PKISPEC_NO_CHOWN=1 leaves owners alone; PKISPEC_STEP_CA names the step-ca binary.\nset -euo pipefail\numask 077\nunset CDPATH\n\nsrc="${1:?usage: install-step-ca.sh EXPORT_DIR INTERMEDIATE_KEY}"\nkey="${2:?usage: install-step-ca.sh EXPORT_DIR INTERMEDIATE_KEY}"\nsteppath="${STEPPATH:-'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield '}"\ndb='
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path')))
    yield '\nstepca="${PKISPEC_STEP_CA:-'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'binary'))
    yield '}"\nhere="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"\nroot="$src/certs/root.pem"\ncert="$src/certs/'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'slug'))
    yield '.pem"\ndie() {\n  printf \'error: %s\\n\' "$*" >&2\n  exit 1\n}\nsay() { printf \'==> %s\\n\' "$*"; }\n\n# --- what must hold before anything is written -------------------------------------\n'
    if ((undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners) or (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql')):
        pass
        yield 'python3 -c \'import cryptography, json\' 2>/dev/null ||\n  die "python3 with cryptography is needed here: apt install python3-cryptography"\n'
    yield 'if [[ -x $stepca ]]; then\n  # no `| head` here: under pipefail a writer cut short by head fails the script (SIGPIPE)\n  have="$("$stepca" version)"\n  have="${have%%$\'\\n\'*}"\n  have="${have#*/}"\n  have="${have%%[- ]*}"\n  [[ "$(printf \'%s\\n\' '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'version'))
    yield ' "$have" | sort -V)" == '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'version'))
    yield '$\'\\n\'"$have" ]] ||\n    die "$stepca is step-ca $have, older than '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'version'))
    yield ', which this ca.json is written for"\nelse\n  say "warning: no step-ca at $stepca yet; install step-ca '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'version'))
    yield ' before starting it"\nfi\n'
    if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql'):
        pass
        yield '[[ -n ${PKISPEC_DSN:-} || -r '
        yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'dsn_file')))
        yield ' ]] ||\n  die "no data source: write it into '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'dsn_file'))
        yield ' or set PKISPEC_DSN (see RUNBOOK.md)"\n'
    yield 'if [[ $steppath != '
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield ' ]]; then\n  say "warning: STEPPATH=$steppath, but ca.json names '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield ': a rehearsal only"\n  [[ $db != '
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield '/* ]] || db="$steppath${db#'
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield '}"\nfi\n(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "$src does not match its SHA256SUMS"\nopenssl verify -no-CApath -no-CAstore -CAfile "$root" "$cert" >/dev/null || die "$cert is not signed by $root"\n\n# --- a cut-over replaces the installed intermediate, if it is another one ------------\ncut_over=false\nif [[ ${PKISPEC_CUT_OVER:-} != 1 && -e $steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield ' ]] &&\n  ! cmp -s -- "$cert" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield '"; then\n  die "another intermediate is installed in $steppath; to replace it, set PKISPEC_CUT_OVER=1 (RUNBOOK.md: rotating the intermediate)"\nfi\nif [[ ${PKISPEC_CUT_OVER:-} == 1 ]]; then\n  installed="$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield '"\n  [[ -e $installed ]] || die "PKISPEC_CUT_OVER=1, but no intermediate is installed in $steppath"\n  if cmp -s -- "$cert" "$installed"; then\n    say "$cert is the installed intermediate already; nothing to cut over"\n  else\n    cut_over=true\n    for file in '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield ' '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'key'))
    yield ' '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield '; do\n      [[ ! -e $steppath/$file.retired ]] ||\n        die "$steppath/$file.retired is left from an earlier cut-over; move it away first"\n    done\n    # a rotation keeps the root: another root is a new PKI, not a cut-over\n    [[ ! -e $steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'root'))
    yield ' ]] || cmp -s -- "$root" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'root'))
    yield '" ||\n      die "$root is not the root installed in $steppath; a cut-over keeps the root"\n  fi\nfi\nretired=()\nretire() { # move an installed file aside, once the new one has been checked\n  if [[ -e $steppath/$1 ]]; then\n    mv -- "$steppath/$1" "$steppath/$1.retired"\n    retired+=("$1")\n  fi\n}\nrestore() { # put retired files back after a failed cut-over, so step-ca can start again\n  local file\n  for file in "${retired[@]}"; do\n    rm -f -- "$steppath/$file"\n    mv -- "$steppath/$file.retired" "$steppath/$file"\n  done\n  retired=()\n}\n\n# --- the passphrase of the intermediate key, checked against the key ---------------\ninstall -d -m 750 -- "$steppath" "$steppath/certs" "$steppath/secrets" "$steppath/config"\npassword="$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield '"\nif [[ ! -e $password ]] || $cut_over; then\n  tmp="$(mktemp "$password.tmp.XXXXXX")"\n  trap \'rm -f -- "$tmp"\' EXIT\n  if [[ -n ${'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'passfile_var'))
    yield ':-} ]]; then\n    head -n1 -- "$'
    yield str(environment.getattr((undefined(name='signer') if l_0_signer is missing else l_0_signer), 'passfile_var'))
    yield '" >"$tmp" # openssl reads line 1 only\n  else\n    IFS= read -r -s -p "Passphrase of $key: " pass || die "no passphrase; nothing stored"\n    printf \'\\n\'\n    printf \'%s\\n\' "$pass" >"$tmp"\n  fi\n  [[ "$(openssl pkey -in "$key" -passin "file:$tmp" -pubout 2>/dev/null)" == \\\n    "$(openssl x509 -in "$cert" -noout -pubkey)" ]] ||\n    die "$key does not open with this passphrase, or does not belong to $cert"\n  chmod 440 "$tmp"\n  if $cut_over; then\n    # the checked new files replace the old ones together, or not at all\n    retire '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield '\n    retire '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'key'))
    yield '\n    retire '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield '\n    if ! { install -m 444 -- "$cert" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield '" &&\n      install -m 440 -- "$key" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'key'))
    yield '" && mv -- "$tmp" "$password"; }; then\n      restore\n      die "the cut-over failed; the installed intermediate is back in place"\n    fi\n    for file in "${retired[@]}"; do\n      say "retired $steppath/$file (kept as $file.retired)"\n    done\n  else\n    mv -- "$tmp" "$password"\n  fi\nfi\n[[ "$(openssl pkey -in "$key" -passin "file:$password" -pubout)" == \\\n  "$(openssl x509 -in "$cert" -noout -pubkey)" ]] ||\n  die "the stored passphrase in $password does not open $key"\n\n# --- the files, never replacing different content ----------------------------------\nplace() { # place SOURCE RELATIVE-TARGET MODE\n  local target="$steppath/$2"\n  if [[ -e $target ]]; then\n    cmp -s -- "$1" "$target" || die "$target exists with other content; it is kept"\n    return 0\n  fi\n  install -m "$3" -- "$1" "$target"\n}\nsay "laying out $steppath"\nplace "$root" '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'root'))
    yield ' 444\nplace "$cert" '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'cert'))
    yield ' 444\nplace "$key" '
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'key'))
    yield ' 440\nif [[ -e $steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield ' ]]; then\n  say "keeping the existing $steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield " (the bundle's is $here/step/"
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield ')"\nelse\n  install -m 440 -- "$here/step/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield '" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
    yield '"\nfi\n'
    if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql'):
        pass
        yield 'if grep -q \'"dataSource": ""\' "$steppath/'
        yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))
        yield '"; then\n  STEPPATH="$steppath" python3 "$here/set-data-source.py"\nfi\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'):
        pass
        yield 'install -d -m 700 -- "$db"\n'
    for l_1_name in (undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners):
        _loop_vars = {}
        pass
        yield 'STEPPATH="$steppath" python3 "$here/add-jwk-provisioner.py" '
        yield str(t_2(l_1_name))
        yield '\n'
    l_1_name = missing
    yield '\nfingerprint="$(openssl x509 -in "$root" -outform DER | openssl dgst -sha256 -r)"\nfingerprint="${fingerprint%% *}"\nprintf \'{\\n  "ca-config": "%s",\\n  "ca-url": "%s",\\n  "fingerprint": "%s",\\n  "root": "%s"\\n}\\n\' \\\n  '
    yield str(t_2(context.call(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'path'), environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json'))))
    yield ' '
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url')))
    yield ' "$fingerprint" \\\n  '
    yield str(t_2(context.call(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'path'), environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'root'))))
    yield ' >"$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'defaults'))
    yield '.tmp"\nchmod 444 "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'defaults'))
    yield '.tmp"\nmv -f -- "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'defaults'))
    yield '.tmp" "$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'defaults'))
    yield '"\n\nif [[ ${PKISPEC_NO_CHOWN:-} != 1 ]]; then\n  if ! id -u '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield ' >/dev/null 2>&1; then\n    useradd --system --home-dir '
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield ' --no-create-home \\\n      --shell /usr/sbin/nologin '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield '\n  fi\n  chown -R root:'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield ' "$steppath"\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'):
        pass
        yield '  chown -R '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
        yield ':'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
        yield ' "$db"\n'
    yield 'fi\nsay "root fingerprint (for step ca bootstrap): $fingerprint"\nif $cut_over; then\n  say "cut over to $(openssl x509 -in "$cert" -noout -subject); restart it: systemctl restart '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
    yield '"\nelse\n  say "start it: systemctl enable --now '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
    yield '"\nfi\n'

blocks = {}
debug_info = '2=29&3=31&4=35&8=37&9=39&10=43&11=45&12=48&16=50&17=53&22=56&30=58&31=60&32=62&35=64&43=66&53=70&54=74&56=76&58=78&59=81&60=83&62=86&63=88&64=90&71=94&72=96&76=98&82=100&87=106&109=110&113=112&114=114&126=116&127=118&128=120&129=122&130=124&155=126&156=128&157=130&158=132&159=134&161=138&163=142&164=145&168=147&171=150&172=154&178=158&179=162&180=166&181=168&184=172&185=174&186=176&188=178&189=180&190=183&195=188&197=190'