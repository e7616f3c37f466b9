# shellcheck shell=bash
# pkispec build writes the header line here: what made the file
# Shared by every ceremony step; sourced, never run. Needs bash, coreutils, awk and openssl.
set -euo pipefail
umask 077
unset CDPATH  # an exported CDPATH makes `cd` print the folder into what a step writes
# No step trusts the system's CA store: every check names its CA file. Without these,
# each `openssl x509` also reads the system's whole CA bundle, five times its own work.
export SSL_CERT_FILE=/dev/null SSL_CERT_DIR=/dev/null

# --- pkispec: the spec's data (pkispec build fills this block in) ---
# Every path of the ceremony lives under this prefix; a rehearsal moves it.
PKISPEC_DEFAULT_PREFIX=/root/ca
# --- end of the spec's data ---
PKISPEC_PREFIX="${PKISPEC_PREFIX:-$PKISPEC_DEFAULT_PREFIX}"
export PKISPEC_PREFIX

say() { printf '==> %s\n' "$*"; }
ok() { printf '    ok: %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

need_file() { # need_file FILE WHAT-TO-DO
  [[ -f $1 ]] || die "$1 is missing; $2"
}

# A file is written under a temporary name beside its target, created with its final mode
# (no chmod afterwards), flushed to the disk and renamed into place in one step: a target
# is either absent or complete, even after a kill or a crash. Temporary files are removed
# on any exit; those left by a run that was killed are removed by the next run.
TMPFILES=()
cleanup() {
  local f
  for f in "${TMPFILES[@]}"; do # committed ones are gone: no rm process for them
    [[ ! -e $f ]] || rm -f -- "$f"
  done
}
trap cleanup EXIT
tmp_name() { # tmp_name TARGET: sets TMP to an unused name beside TARGET
  local stale tries=0
  for stale in "$1".tmp.??????; do # no rm unless a killed run left one
    [[ ! -e $stale ]] || rm -f -- "$stale"
  done
  until printf -v TMP '%s.tmp.%06x' "$1" $((SRANDOM & 0xffffff)) && [[ ! -e $TMP ]]; do
    ((++tries < 100)) || die "cannot find a free temporary name beside $1"
  done
  TMPFILES+=("$TMP")
}
# into_tmp TARGET MODE COMMAND...: run COMMAND with its output going into a new file beside
# TARGET, created exclusively (noclobber: O_EXCL) with MODE; sets TMP to its name. COMMAND
# itself runs with the ceremony's umask, 077, whatever the caller's was.
into_tmp() { # its locals are named so as not to hide a variable COMMAND reads
  local tmp_mask tmp_fd tmp_status=0
  tmp_name "$1"
  printf -v tmp_mask '%03o' $((8#777 & ~8#$2))
  shift 2
  umask "$tmp_mask"
  set -C
  exec {tmp_fd}>"$TMP" || die "cannot create $TMP"
  set +C
  umask 077
  "$@" >&"$tmp_fd" || tmp_status=$?
  exec {tmp_fd}>&-
  return "$tmp_status"
}

# Put TMP in place as TARGET, never replacing an existing file. sync first writes TMP's
# bytes to the disk, so that a crash cannot leave TARGET named but empty. mv -n renames
# with RENAME_NOREPLACE (where the file system has it; otherwise it looks first, and two
# runs at once could race) and leaves TMP where it was if TARGET exists; its exit status
# for that case differs between coreutils releases, so the file system is asked instead.
commit_new() { # commit_new TMP TARGET
  [[ ! -e $2 ]] || die "$2 appeared meanwhile; it is kept and nothing was replaced"
  sync -- "$1"
  mv -nT -- "$1" "$2" || :
  if [[ -e $1 ]]; then
    [[ ! -e $2 ]] || die "$2 appeared meanwhile; it is kept and nothing was replaced"
    die "cannot create $2"
  fi
}
# Put TMP in place as TARGET, replacing it: only for files that are re-made (CRLs).
commit_replace() { # commit_replace TMP TARGET
  sync -- "$1"
  mv -fT -- "$1" "$2"
}

read_text() { # read_text FILE: sets TEXT to the whole of a text file, as cat would print it
  [[ -f $1 && -r $1 ]] || die "cannot read $1"
  # shellcheck disable=SC2034 # read by the step that sources this file
  IFS= read -r -d '' TEXT <"$1" || : # read returns 1 at the end of the file, as expected
}

# Passphrases come from a prompt, or from the file an environment variable names.
pass_from() { # pass_from VARIABLE: sets PASSIN (most commands) and GENPASS (genpkey)
  local var=$1
  PASSIN=()
  GENPASS=()
  if [[ -n ${!var:-} ]]; then
    [[ -r ${!var} ]] || die "$var names ${!var}, which cannot be read"
    PASSIN=(-passin "file:${!var}")
    GENPASS=(-pass "file:${!var}")
  fi
}

confirm() { # confirm QUESTION: go on only on "yes" (PKISPEC_ASSUME_YES=1 answers it)
  local answer
  if [[ ${PKISPEC_ASSUME_YES:-} == 1 ]]; then return 0; fi
  read -r -p "$1 Type yes to go on: " answer || die "no answer; nothing was changed"
  [[ $answer == yes ]] || die "stopped; nothing was changed"
}

# An encrypted private key, made once and never overwritten.
make_key() { # make_key KEYFILE GENPKEY-ARGUMENTS...
  local key=$1
  shift
  if [[ -e $key ]]; then
    say "keeping the existing key $key (keys are never overwritten)"
    openssl pkey -in "$key" "${PASSIN[@]}" -noout ||
      die "cannot open $key with this passphrase"
    return 0
  fi
  say "making the encrypted key $key"
  into_tmp "$key" 400 openssl genpkey "$@" -aes-256-cbc "${GENPASS[@]}"
  commit_new "$TMP" "$key"
}

# --- keys on a PKCS#11 token (a CA with `pkcs11` in the spec) -------------------------
# The token's own module is the spec's; PKISPEC_PKCS11_MODULE puts another in its place
# (a rehearsal on SoftHSM2 keeps the token and key labels of the real token). openssl
# reaches the token through libp11's pkcs11 engine, which finds the module in
# PKCS11_MODULE_PATH.
# libp11's engine cuts a longer PIN (its MAX_PIN_LENGTH): the token then says "PIN
# incorrect" to the key pkcs11-tool has just made with the whole PIN
TOKEN_PIN_MAX=32

token_use() { # token_use MODULE TOKEN-LABEL: sets TOKEN_MODULE and TOKEN_LABEL; checks the PIN file
  TOKEN_MODULE="${PKISPEC_PKCS11_MODULE:-$1}"
  TOKEN_LABEL=$2
  export PKCS11_MODULE_PATH="$TOKEN_MODULE"
  [[ -f $TOKEN_MODULE ]] ||
    die "the PKCS#11 module $TOKEN_MODULE is missing; install the token's package (RUNBOOK.md)"
  command -v pkcs11-tool >/dev/null || die "pkcs11-tool is missing: apt install opensc"
  [[ -n "$(openssl engine -t pkcs11 2>/dev/null)" ]] ||
    die "openssl has no pkcs11 engine: apt install libengine-pkcs11-openssl"
  pkcs11-tool --module "$TOKEN_MODULE" --token-label "$TOKEN_LABEL" --list-objects \
    >/dev/null 2>&1 ||
    die "no token labelled '$TOKEN_LABEL' answers through $TOKEN_MODULE; plug it in, or initialise it (RUNBOOK.md)"
  if ((${#PASSIN[@]})); then
    local pin="" bytes
    IFS= read -r pin <"${PASSIN[1]#file:}" || [[ -n $pin ]] || die "the PIN file ${PASSIN[1]#file:} is empty"
    bytes=$(printf '%s' "$pin" | wc -c)
    ((bytes <= TOKEN_PIN_MAX)) ||
      die "the PIN in ${PASSIN[1]#file:} has $bytes bytes, and openssl's pkcs11 engine passes $TOKEN_PIN_MAX at most: give the token a shorter PIN"
  fi
}

# key_cmd COMMAND...: run an openssl command that opens a key on the token. The engine
# ends every failure (a wrong PIN, a missing key) in a segfault, exit 139, after lines of
# its own: they are kept back, and the failure is one line with openssl's first reason.
# After a success, what openssl said goes to stderr, as it does without a token.
key_cmd() {
  local out err status=0 reason
  exec {out}>&1
  err="$("$@" 2>&1 >&"$out")" || status=$?
  exec {out}>&-
  if ((status == 0)); then
    [[ -z $err ]] || printf '%s\n' "$err" >&2
    return 0
  fi
  reason="${err#*:error:}"
  [[ $reason != "$err" ]] || reason=":::$err"
  IFS=: read -r _ _ _ reason _ <<<"$reason"
  die "the token '$TOKEN_LABEL' did not sign: ${reason:-openssl exit $status} (a wrong PIN, or another token?)"
}

# token_pubkey URI: the public key of a key on the token, in PEM; fails when it is absent
token_pubkey() {
  openssl pkey -engine pkcs11 -inform engine -pubin -in "$1" -pubout 2>/dev/null
}

# token_key PUBLIC-URI LABEL ID KEY-TYPE: the key on the token, made once and never
# replaced; sets TOKEN_PUBKEY. A PIN from the PIN file reaches pkcs11-tool through its
# environment (--pin env:), never its command line; without one, pkcs11-tool asks.
# shellcheck disable=SC2034 # TOKEN_PUBKEY is read by the step that sources this file
token_key() {
  local uri=$1 label=$2 id=$3 type=$4 pin=() value=""
  if TOKEN_PUBKEY="$(token_pubkey "$uri")"; then
    say "keeping the key '$label' (id $id) on the token '$TOKEN_LABEL' (keys are never replaced)"
    return 0
  fi
  say "making the key '$label' ($type, id $id) on the token '$TOKEN_LABEL'"
  if ((${#PASSIN[@]})); then
    IFS= read -r value <"${PASSIN[1]#file:}" || [[ -n $value ]] || die "the PIN file is empty"
    pin=(--pin env:PKISPEC_TOKEN_PIN)
  fi
  PKISPEC_TOKEN_PIN="$value" pkcs11-tool --module "$TOKEN_MODULE" --token-label "$TOKEN_LABEL" \
    --login "${pin[@]}" --keypairgen --key-type "$type" --label "$label" --id "$id" \
    --usage-sign >/dev/null ||
    die "the token '$TOKEN_LABEL' did not make the key '$label' (a wrong PIN?)"
  TOKEN_PUBKEY="$(token_pubkey "$uri")" ||
    die "the token made the key '$label', but its public key cannot be read"
}

pubkey_of_cert() { openssl x509 -in "$1" -noout -pubkey; }
pubkey_of_csr() { openssl req -in "$1" -noout -pubkey; }
pubkey_of_key() { openssl pkey -in "$1" "${PASSIN[@]}" -pubout; }

belongs() { # belongs FILE WHAT OWN-PUBKEY KEY-OR-CSR-PUBKEY: die unless the two keys agree
  [[ $3 == "$4" ]] || die "$1 does not belong to $2"
}

show_cert() { # show_cert FILE: what a person checks before going on
  local info fingerprint
  info="$(openssl x509 -in "$1" -noout -subject -issuer -startdate -enddate -serial \
    -fingerprint -sha256)"
  printf '%s\n' "$info"
  fingerprint="${info##*Fingerprint=}"
  fingerprint="${fingerprint//:/}"
  printf 'step fingerprint: %s\n' "${fingerprint,,}"
}

is_revoked() { # is_revoked CA_DIR CERT: is the certificate marked revoked in CA_DIR?
  local serial
  serial="$(openssl x509 -in "$2" -noout -serial)"
  serial="${serial#serial=}"
  awk -F'\t' -v s="$serial" '$1 == "R" && toupper($4) == toupper(s) { found = 1 }
    END { exit !found }' "$1/index.txt"
}

# find_issued CA_DIR CSR: sets ISSUED to a certificate CA_DIR already issued for CSR's key
# It runs as a condition, where set -e does not stop at a failing command: each is checked.
find_issued() {
  local want="" have cert
  for cert in "$1"/newcerts/*.pem; do
    [[ -e $cert ]] || continue
    if [[ -z $want ]]; then # only once there is a certificate to compare
      want="$(pubkey_of_csr "$2")" || return 1
      [[ -n $want ]] || return 1
    fi
    have="$(pubkey_of_cert "$cert")" || continue
    if [[ $have == "$want" ]] && ! is_revoked "$1" "$cert"; then
      # shellcheck disable=SC2034 # read by the step that sources this file
      ISSUED=$cert
      return 0
    fi
  done
  return 1
}
