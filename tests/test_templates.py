"""The precompiled templates are current and render exactly what the sources render."""

from __future__ import annotations

import filecmp
from pathlib import Path

import jinja2
import pytest

from conftest import EXAMPLE, ROOT
from pkispec.plan import make_plan
from pkispec.render import templating
from pkispec.render.targets import render_all
from pkispec.spec import load


def test_precompiled_templates_are_current(tmp_path: Path) -> None:
    templating.precompile(tmp_path)
    committed = ROOT / "pkispec" / "render" / "compiled"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in committed.iterdir() if p.name != "__pycache__")
    mismatch = filecmp.cmpfiles(tmp_path, committed, names, shallow=False)[1]
    assert mismatch == [], "run: python -m pkispec.render.precompile"
    assert templating.uses_precompiled()


def test_precompiled_and_source_templates_render_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = make_plan(load(EXAMPLE).spec)
    fast = render_all(plan)
    from_source = templating.environment(precompiled=False)
    assert not isinstance(from_source.loader, jinja2.ModuleLoader)
    monkeypatch.setattr(templating, "environment", lambda precompiled=True: from_source)
    slow = render_all(plan)
    assert [(a.path, a.data) for a in fast] == [(a.path, a.data) for a in slow]
