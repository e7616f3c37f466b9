"""Every path the runbook names is a file of the bundle, a path of the layout, or a folder the
spec chooses: the runbook cannot send a person to a file that is not there."""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath

import pytest
from test_golden import CASES, _spec_of

from pkispec.compiler import Compiled, compile_spec
from pkispec.spec import load

#: a path in prose or in a command: absolute, or relative with at least one slash
TOKEN = re.compile(r"(?<![\w:/.<>*-])((?:/|[\w.-]+/)[\w./<>*-]*)")
#: the top folders of a file system; an absolute path elsewhere is a URL's path
FILE_SYSTEM = {"etc", "usr", "var", "srv", "root", "opt", "home", "run", "lib"}


def _chosen(compiled: Compiled) -> list[str]:
    """The folders and files the spec chooses, and the operator's own (/path/to/...)."""
    plan = compiled.plan
    out = ["/path/to", plan.prefix, plan.publish.web_root, plan.publish.script_dir]
    if plan.step:
        out += [plan.step.steppath, plan.step.binary]
    out += [ca.token.module for ca in plan.cas if ca.token]
    for proxy in (plan.edge.caddy, plan.edge.nginx):
        if proxy:
            out.append(proxy.certs_dir)
    return out


def unknown_paths(text: str, compiled: Compiled) -> tuple[list[str], int]:
    """The paths `text` names that nothing defines, and how many it names at all."""
    files = {str(a.path) for a in compiled.artifacts}
    folders = {str(p) for f in files for p in PurePosixPath(f).parents} - {"."}
    top = {f.split("/")[0] for f in files if "/" in f}
    known = [*dataclasses.asdict(compiled.plan.layout.host).values(), *_chosen(compiled)]
    unknown, checked = [], 0
    for path in sorted({m.group(1).rstrip(".,") for m in TOKEN.finditer(text)}):
        parts = path.split("/")
        if parts[0] in top:
            checked += 1
            if path.rstrip("/") not in files | folders:
                unknown.append(path)
        elif path.startswith("/") and parts[1] in FILE_SYSTEM:
            checked += 1
            if not any(path == k or path.startswith(k.rstrip("/") + "/") for k in known):
                unknown.append(path)
    return unknown, checked


@pytest.mark.parametrize("case", CASES)
def test_every_path_the_runbook_names_is_defined(case: str) -> None:
    compiled = compile_spec(load(_spec_of(case)))
    runbook = next(
        a for a in compiled.artifacts if str(a.path) == compiled.plan.layout.bundle.runbook
    )
    unknown, checked = unknown_paths(runbook.data.decode(), compiled)
    assert unknown == []
    assert checked >= 20, "the runbook names hardly a path: is the pattern still right?"


def test_a_path_nothing_defines_is_found() -> None:
    compiled = compile_spec(load(_spec_of("homelab")))
    text = (
        "run `offline/ceremony/07-nowhere.sh`, then `offline/ceremony/02-root.sh`;\n"
        "install it in /etc/systemd/system/ and /etc/nowhere/x.conf; GET /1.0/renew\n"
    )
    assert unknown_paths(text, compiled) == (
        ["/etc/nowhere/x.conf", "offline/ceremony/07-nowhere.sh"],
        4,
    )
