"""The precompiled templates (made for the wheel) render exactly what the sources render."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from conftest import EXAMPLE, ROOT
from pkispec.plan import make_plan
from pkispec.render import templating
from pkispec.render.targets import render_all
from pkispec.spec import load


def test_no_precompiled_templates_in_the_sources() -> None:
    """They are made by the wheel's build hook; a source checkout compiles from source."""
    assert not (ROOT / "pkispec" / "render" / "compiled").exists()
    assert not templating.uses_precompiled()


def test_precompiled_and_source_templates_render_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_plan(load(EXAMPLE).spec)
    from_source = render_all(plan)
    templating.precompile(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("tmpl_*.py")), "nothing precompiled"
    fast = templating.precompiled_environment(tmp_path)
    assert isinstance(fast.loader, jinja2.ModuleLoader)
    monkeypatch.setattr(templating, "environment", lambda precompiled=True: fast)
    precompiled = render_all(plan)
    assert [(a.path, a.data) for a in precompiled] == [(a.path, a.data) for a in from_source]
