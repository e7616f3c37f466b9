"""The offline ceremony: pkispec's scripts, the time openssl spends inside them, the
guide's bare openssl commands, and easy-rsa doing the same (when Debian's easy-rsa is
installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# Times each openssl command as a bare script would run it: from just before bash starts
# it to just after it ended. $EPOCHREALTIME is read without a process; `$(date ...)`
# would count two more processes per call as openssl's own time.
WRAPPER = """#!/bin/bash
start=$EPOCHREALTIME
"$REAL_OPENSSL" "$@"
rc=$?
end=$EPOCHREALTIME
echo "$start $end" >>"$OPENSSL_LOG"
exit $rc
"""
# Each step in turn, stopping at the first that fails.
STEPS = 'for step; do bash "$step" || exit; done'
# The guide writes `ecparam -curve`, which openssl does not know; `-name` is meant.
BARE = """set -e
cd "$1"; mkdir -p certs crl newcerts private i/certs i/csr i/newcerts i/private
touch index.txt; echo 1000 > crlnumber; printf 'pass\\n' > p
cat > ca.cnf <<CNF
[ ca ]
default_ca = d
[ d ]
dir = .
new_certs_dir = newcerts
database = index.txt
rand_serial = yes
crlnumber = crlnumber
private_key = private/ca.key
certificate = certs/ca.pem
default_md = sha256
default_crl_days = 30
policy = p
[ p ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = Root
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, cRLSign, keyCertSign
[ v3_i ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, cRLSign, keyCertSign
CNF
openssl ecparam -name secp384r1 -genkey | openssl ec -aes256 -passout file:p -out private/ca.key
openssl req -config ca.cnf -key private/ca.key -passin file:p -new -x509 -days 25202 -sha256 \
  -extensions v3_ca -out certs/ca.pem
openssl ecparam -name secp384r1 -genkey | openssl ec -aes256 -passout file:p \
  -out i/private/i.key
openssl req -new -key i/private/i.key -passin file:p -subj /CN=Intermediate -out i/csr/i.csr
openssl ca -batch -config ca.cnf -passin file:p -extensions v3_i -days 3652 -notext \
  -in i/csr/i.csr -out i/certs/i.pem
openssl ca -config ca.cnf -passin file:p -gencrl -out crl/ca.crl.pem
"""
EASYRSA = """set -e
cd "$1"
export EASYRSA_BATCH=1 EASYRSA_ALGO=ec EASYRSA_CURVE=secp384r1 EASYRSA_PASSIN=pass:pass \
  EASYRSA_PASSOUT=pass:pass
"$2" --pki-dir=root init-pki >/dev/null
"$2" --pki-dir=root --req-cn=Root build-ca >/dev/null 2>&1
"$2" --pki-dir=sub init-pki >/dev/null
"$2" --pki-dir=sub --req-cn=Intermediate build-ca subca >/dev/null 2>&1
"$2" --pki-dir=root import-req sub/reqs/ca.req sub >/dev/null
"$2" --pki-dir=root sign-req ca sub >/dev/null 2>&1
"$2" --pki-dir=root gen-crl >/dev/null 2>&1
"""
EASYRSA_PATHS = ("/usr/share/easy-rsa/easyrsa", "/usr/bin/easyrsa")


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def ours(bundle: Path, steps: list[str], work: Path) -> tuple[float, float]:
    """Seconds for the generated steps, and seconds spent inside openssl during them."""
    real = shutil.which("openssl") or "openssl"
    wrapper_dir = work / "bin"
    wrapper_dir.mkdir()
    (wrapper_dir / "openssl").write_text(WRAPPER, encoding="utf-8")
    (wrapper_dir / "openssl").chmod(0o755)
    (work / "pass").write_text("pass\n", encoding="utf-8")
    log = work / "openssl.log"
    env = dict(
        os.environ,
        PKISPEC_PREFIX=str(work / "ca"),
        PKISPEC_ASSUME_YES="1",
        PKISPEC_ROOT_PASSFILE=str(work / "pass"),
        PKISPEC_INTERMEDIATE_PASSFILE=str(work / "pass"),
    )
    # one process runs the steps, as an operator's shell would, and as bare() runs its
    # commands: Python's cost of starting a process is paid once on each side
    argv = [
        "bash",
        "-c",
        STEPS,
        "ceremony",
        *(str(bundle / "offline" / "ceremony" / s) for s in steps),
    ]
    plain = _timed(argv, env)
    shutil.rmtree(work / "ca")
    traced = dict(env, PATH=f"{wrapper_dir}:{env['PATH']}", REAL_OPENSSL=real, OPENSSL_LOG=str(log))
    _timed(argv, traced)
    return plain, _seconds_inside(log.read_text())


def _seconds_inside(log: str) -> float:
    """The summed (end - start) of the wrapper's lines (a locale may write a comma)."""
    total = 0.0
    for line in log.splitlines():
        start, end = (float(value.replace(",", ".")) for value in line.split())
        total += end - start
    return total


def bare(scratch: Path | None) -> float:
    with tempfile.TemporaryDirectory(dir=scratch) as work:
        return _timed(["bash", "-c", BARE, "bare", work], dict(os.environ))


def easy_rsa(scratch: Path | None) -> float | None:
    tool = next((p for p in EASYRSA_PATHS if Path(p).exists()), None)
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(dir=scratch) as work:
        return _timed(["bash", "-c", EASYRSA, "easyrsa", work, tool], dict(os.environ))
