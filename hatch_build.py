"""The wheel's build hook: the templates, precompiled, go into the wheel and nowhere else.

Compiling pkispec's Jinja2 templates takes longer than the rest of a build, so the installed
command loads them precompiled (`pkispec/render/compiled/` in the wheel). They are generated
here, from the sources being packaged and by the Jinja2 of the build environment, never
committed; `pkispec.render.templating` uses them only when its stamp matches the installed
Jinja2 and templates. An editable install and a source checkout compile from source.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "pkispec/render/compiled"


class PrecompileTemplates(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self.folder = Path(tempfile.mkdtemp(prefix="pkispec-compiled-"))
        sys.path.insert(0, self.root)  # the sources being packaged, not an installed pkispec
        try:
            from pkispec.render.templating import precompile  # noqa: PLC0415
        finally:
            sys.path.remove(self.root)
        precompile(self.folder)
        build_data["force_include"][str(self.folder)] = TARGET

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
