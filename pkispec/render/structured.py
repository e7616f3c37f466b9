"""Structured formats through their serializers: YAML (ruamel.yaml) and property lists.

A text template could not quote every value right; a serializer cannot get it wrong.
Each document starts with the generated-file comment where the format has comments.
"""

from __future__ import annotations

import io
import plistlib
from typing import Any

from ruamel.yaml import YAML


def yaml_text(comment_lines: list[str], document: dict[str, Any]) -> str:
    """Block-style YAML in the document's own key order, after `# ` comment lines."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long URLs and labels stay on one line
    out = io.StringIO()
    yaml.dump(document, out)
    return "".join(f"# {line}\n" if line else "#\n" for line in comment_lines) + out.getvalue()


def plist_bytes(document: dict[str, Any]) -> bytes:
    """An XML property list with sorted keys (plistlib sorts them), as Apple writes them."""
    return plistlib.dumps(document, fmt=plistlib.FMT_XML, sort_keys=True)
