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
    yield ".\n# Usage: install-step-ca.sh EXPORT_DIR INTERMEDIATE_KEY\n#\n# The key's passphrase is typed at the prompt (or read from the first line of the file\n# $PKISPEC_INTERMEDIATE_PASSFILE names), checked against the key, and stored as\n# "
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield ' for step-ca. Files belong to root and the group '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield '\n# (read-only); only the database belongs to '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
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
    yield '# STEPPATH moves the files for a rehearsal (ca.json keeps '
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
    yield ' before starting it"\nfi\nif [[ $steppath != '
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield ' ]]; then\n  say "warning: STEPPATH=$steppath, but ca.json names '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield ': a rehearsal only"\n  [[ $db != '
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield '/* ]] || db="$steppath${db#'
    yield str(t_2(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield '}"\nfi\n(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "$src does not match its SHA256SUMS"\nopenssl verify -CAfile "$root" "$cert" >/dev/null || die "$cert is not signed by $root"\n\n# --- the passphrase of the intermediate key, checked against the key ---------------\ninstall -d -m 750 -- "$steppath" "$steppath/certs" "$steppath/secrets" "$steppath/config"\npassword="$steppath/'
    yield str(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password'))
    yield '"\nif [[ ! -e $password ]]; then\n  tmp="$(mktemp "$password.tmp.XXXXXX")"\n  trap \'rm -f -- "$tmp"\' EXIT\n  if [[ -n ${PKISPEC_INTERMEDIATE_PASSFILE:-} ]]; then\n    head -n1 -- "$PKISPEC_INTERMEDIATE_PASSFILE" >"$tmp" # openssl reads line 1 only\n  else\n    IFS= read -r -s -p "Passphrase of $key: " pass || die "no passphrase; nothing stored"\n    printf \'\\n\'\n    printf \'%s\\n\' "$pass" >"$tmp"\n  fi\n  [[ "$(openssl pkey -in "$key" -passin "file:$tmp" -pubout 2>/dev/null)" == \\\n    "$(openssl x509 -in "$cert" -noout -pubkey)" ]] ||\n    die "$key does not open with this passphrase, or does not belong to $cert"\n  chmod 440 "$tmp"\n  mv -- "$tmp" "$password"\nfi\n[[ "$(openssl pkey -in "$key" -passin "file:$password" -pubout)" == \\\n  "$(openssl x509 -in "$cert" -noout -pubkey)" ]] ||\n  die "the stored passphrase in $password does not open $key"\n\n# --- the files, never replacing different content ----------------------------------\nplace() { # place SOURCE RELATIVE-TARGET MODE\n  local target="$steppath/$2"\n  if [[ -e $target ]]; then\n    cmp -s -- "$1" "$target" || die "$target exists with other content; it is kept"\n    return 0\n  fi\n  install -m "$3" -- "$1" "$target"\n}\nsay "laying out $steppath"\nplace "$root" '
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
    yield '"\n'
    if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql'):
        pass
        yield '  STEPPATH="$steppath" python3 "$here/set-data-source.py"\n'
    yield 'fi\n'
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
    yield 'fi\nsay "root fingerprint (for step ca bootstrap): $fingerprint"\nsay "start it: systemctl enable --now '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
    yield '"\n'

blocks = {}
debug_info = '2=29&3=31&4=35&9=37&10=41&11=43&12=46&16=48&17=51&19=54&27=56&28=58&29=60&32=62&40=64&50=68&51=72&53=74&55=76&56=78&57=80&64=84&95=86&96=88&97=90&98=92&99=94&101=98&102=102&106=106&109=109&110=113&116=117&117=121&118=125&119=127&122=131&123=133&124=135&126=137&127=139&128=142&132=147'