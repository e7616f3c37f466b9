#!/usr/bin/env bash
# Build the step-ca server used by the end-to-end tests (Debian 12).
#
# Debian ships step-ca 0.19's Go sources but no binary, so this installs the
# sources (as root, only when missing) and compiles tests/peers/step-ca/main.go
# into tests/peers/bin/step-ca (ignored by git), only when that binary is
# missing or older than main.go or the installed sources.
# Prints the binary's path on stdout; everything else goes to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/step-ca"
bin="$here/bin/step-ca"
pkgs=(golang-go golang-github-smallstep-certificates-dev)

installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

missing=()
for p in "${pkgs[@]}"; do
    installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
    if ((EUID != 0)); then
        echo "build-step-ca: need root to install: ${missing[*]}" >&2
        exit 1
    fi
    echo "build-step-ca: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# dpkg rewrites this list file when the sources package is (re)installed.
pkglist=/var/lib/dpkg/info/golang-github-smallstep-certificates-dev.list
if [[ ! -x "$bin" || "$src/main.go" -nt "$bin" || "$pkglist" -nt "$bin" ]]; then
    version="$(dpkg-query -W -f='${Version}' golang-github-smallstep-certificates-dev)"
    echo "build-step-ca: building step-ca $version" >&2
    mkdir -p "$here/bin"
    # GOPATH mode against Debian's source tree; no network, no module cache.
    # The build cache lives in the ignored bin/ folder so CI can keep it.
    (
        cd "$src"
        env GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= CGO_ENABLED=0 \
            GOCACHE="$here/bin/.gocache" \
            go build -buildvcs=false -trimpath -ldflags "-s -w -X main.version=$version -X main.buildDate=$(date -u +%F)" \
            -o "$bin.tmp" .
    )
    mv -f "$bin.tmp" "$bin"
fi
echo "$bin"
