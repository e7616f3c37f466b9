"""Start and stop the real servers the tests talk to, on loopback only.

Each server runs as a child process with its output in a log file; `Server` waits until
it answers, fails the test with the log when it dies or never answers, and always stops
it. step-ca and MariaDB use it here; the reverse proxies will too.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import IN_CI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_port(port: int, why: str) -> None:
    """Fail (in CI) or skip when a fixed port such as 80 is taken by something else."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            message = f"127.0.0.1:{port} is taken ({exc}); {why}"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running(
    name: str,
    argv: Sequence[str | Path],
    log: Path,
    ready: Callable[[], bool],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 30,
    cwd: Path | None = None,
) -> Iterator[None]:
    """Run `argv` until the block ends; enter the block once `ready()` is true."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(a) for a in argv],
            env=env,
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
        )
    try:
        deadline = time.monotonic() + timeout
        while not _ready(ready):
            if proc.poll() is not None:
                pytest.fail(f"{name} exited {proc.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not come up within {timeout:g} s:\n{_tail(log)}")
            time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _ready(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except OSError:
        return False


def _tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-40:])
