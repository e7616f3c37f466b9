"""Kill the ceremony at every openssl call, run it again: the same correct CA, every time.

A wrapper named `openssl` is put first on PATH. It counts the calls of one ceremony run
and, at call K, kills the whole process group (the script and everything it started) —
either just before that openssl command would run, or just after it finished, the two
moments that leave different half-done states. Then the complete ceremony runs again
without the wrapper and the resulting CA is checked property by property.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from cryptography import x509

from ceremony_run import Ceremony
from conftest import EXAMPLE, materialize, require
from pkispec.artifact import Artifact
from pkispec.plan import Plan, make_plan
from pkispec.rehearse.checks import check_ca_cert, check_crl, check_key, check_modes
from pkispec.spec import load

WRAPPER = """#!/bin/bash
exec 9>>"$KILL_COUNTER.lock"
flock 9  # the two ends of a pipeline count one after the other
n=$(cat "$KILL_COUNTER")
echo $((n + 1)) >"$KILL_COUNTER"
flock -u 9
if [[ $KILL_WHEN == before && $n == "$KILL_AT" ]]; then kill -KILL 0; fi
"$REAL_OPENSSL" "$@"
rc=$?
if [[ $KILL_WHEN == after && $n == "$KILL_AT" ]]; then kill -KILL 0; fi
exit $rc
"""


def run_group(script: Path, env: dict[str, str]) -> int:
    proc = subprocess.run(
        ["bash", str(script)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        start_new_session=True,
        check=False,
    )
    return proc.returncode


def count_calls(c: Ceremony, wrapper_env: dict[str, str]) -> int:
    counter = Path(wrapper_env["KILL_COUNTER"])
    counter.write_text("0\n", encoding="utf-8")
    env = {**c.env, **wrapper_env, "KILL_AT": "-1"}
    for step in c.steps():
        assert run_group(c.bundle / "offline" / "ceremony" / step, env) == 0
    return int(counter.read_text(encoding="utf-8"))


def killed_then_completed(c: Ceremony, wrapper_env: dict[str, str], at: int, when: str) -> None:
    Path(wrapper_env["KILL_COUNTER"]).write_text("0\n", encoding="utf-8")
    env = {**c.env, **wrapper_env, "KILL_AT": str(at), "KILL_WHEN": when}
    for step in c.steps():
        if run_group(c.bundle / "offline" / "ceremony" / step, env) == -signal.SIGKILL:
            break
    else:
        raise AssertionError(f"call {at} was never reached")
    c.run_all()  # the operator runs the whole ceremony again


def assert_correct_ca(c: Ceremony, plan: Plan) -> None:
    root = x509.load_pem_x509_certificate(c.path("", plan.root.files.cert).read_bytes())
    results = list(check_ca_cert(plan.root, root, root, plan))
    for ca in plan.cas:
        cert = x509.load_pem_x509_certificate(c.path(ca.dir, ca.files.cert).read_bytes())
        results += check_key(ca, c.path(ca.dir, ca.files.key), c.passphrase(ca.slug), cert)
        results += check_modes(c.prefix / ca.dir, ca)
        if ca.role == "intermediate":
            results += check_ca_cert(ca, cert, root, plan)
    crl = x509.load_der_x509_crl(c.path("", plan.root.files.crl_der).read_bytes())
    results += check_crl(plan, crl, root)
    assert [r.line() for r in results if not r.passed] == []
    index = c.path("", "index.txt").read_text(encoding="utf-8").splitlines()
    assert len(index) == len(plan.intermediates), "an intermediate was signed twice"
    assert not list(c.prefix.rglob("*.tmp.*")), "temporary files were left behind"


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory, example_artifacts: list[Artifact]
) -> tuple[Path, dict[str, str], int]:
    real = require("openssl")
    base = tmp_path_factory.mktemp("kill")
    bundle = materialize(example_artifacts, base / "bundle")
    wrapper_dir = base / "bin"
    wrapper_dir.mkdir()
    (wrapper_dir / "openssl").write_text(WRAPPER, encoding="utf-8")
    (wrapper_dir / "openssl").chmod(0o755)
    wrapper_env = {
        "PATH": f"{wrapper_dir}:{os.environ['PATH']}",
        "REAL_OPENSSL": real,
        "KILL_COUNTER": str(base / "counter"),
        "KILL_WHEN": "before",
    }
    probe = base / "probe"
    probe.mkdir()
    calls = count_calls(Ceremony(bundle, probe, make_plan(load(EXAMPLE).spec)), wrapper_env)
    assert calls > 15  # every step calls openssl several times
    return bundle, wrapper_env, calls


@pytest.mark.parametrize("when", ["before", "after"])
def test_killed_at_any_openssl_call_the_rerun_makes_a_correct_ca(
    setup: tuple[Path, dict[str, str], int], tmp_path: Path, when: str
) -> None:
    bundle, wrapper_env, calls = setup
    plan = make_plan(load(EXAMPLE).spec)
    failures = []
    for at in range(calls):
        work = tmp_path / f"{when}-{at}"
        work.mkdir()
        ceremony = Ceremony(bundle, work, plan)
        try:
            killed_then_completed(ceremony, wrapper_env, at, when)
            assert_correct_ca(ceremony, plan)
        except AssertionError as exc:
            failures.append(f"killed {when} call {at}: {exc}")
        shutil.rmtree(work)
    assert failures == []
