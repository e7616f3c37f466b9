"""The ceremony as an operator runs it: passphrases typed at openssl's prompts on a tty."""

from __future__ import annotations

import os
import pty
import select
import signal
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from ceremony_run import Ceremony
from conftest import EXAMPLE, materialize, require
from pkispec.artifact import Artifact
from pkispec.plan import make_plan
from pkispec.spec import load

PASSPHRASE = "typed at the prompt, twice"


def run_on_a_tty(script: Path, env: dict[str, str], answer: bytes) -> bytes:
    """Run `script` with a terminal, typing `answer` at every passphrase prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        try:
            os.execvpe("bash", ["bash", str(script)], env)  # noqa: S606 - the ceremony step itself
        finally:
            os._exit(127)  # never return into pytest
    seen, answered_at = b"", 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        pending = seen[answered_at:]
        if b"pass phrase" in pending and pending.rstrip().endswith(b":"):
            os.write(fd, answer + b"\n")
            answered_at = len(seen)
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode(errors="replace")
    return seen


def test_root_with_the_passphrase_typed_at_the_prompts(
    tmp_path: Path, example_artifacts: list[Artifact]
) -> None:
    require("openssl")
    bundle = materialize(example_artifacts, tmp_path / "bundle")
    ceremony = Ceremony(bundle, tmp_path, make_plan(load(EXAMPLE).spec))
    ceremony.run(ceremony.plan.scripts.prepare)
    env = {k: v for k, v in ceremony.env.items() if not k.endswith("_PASSFILE")}
    output = run_on_a_tty(bundle / "offline" / "ceremony" / "02-root.sh", env, PASSPHRASE.encode())
    assert output.count(b"pass phrase") == 3, "genpkey asks twice, req once"
    assert b"step fingerprint:" in output
    key = ceremony.path("", "private/ca.key").read_bytes()
    serialization.load_pem_private_key(key, PASSPHRASE.encode())
    with pytest.raises(ValueError):  # bad padding or, 1 time in ~256 with CBC, bad DER
        serialization.load_pem_private_key(key, b"something else")
