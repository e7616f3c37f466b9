"""How two bundles differ, file by file: a unified diff of each changed text file.

Paths are the bundle's own (`--- a/ca-server/step/config/ca.json`); an added or removed
file is compared with /dev/null, as git does. Data that is not UTF-8 is only said to
differ, and SHA256SUMS, which only follows the other files, comes last without a body.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from pkispec.artifact import Artifact
from pkispec.manifest import MANIFEST

NO_NEWLINE = "\\ No newline at end of file"


def _lines(data: bytes | None) -> list[str] | None:
    """Lines without their ends (a missing last newline is marked, as diff(1) does), or
    None for data that is not text."""
    if data is None:
        return []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    else:
        lines[-1] += "\n" + NO_NEWLINE
    return lines


def _diff(path: str, old: Artifact | None, new: Artifact | None) -> list[str]:
    a = f"a/{path}" if old else "/dev/null"
    b = f"b/{path}" if new else "/dev/null"
    out: list[str] = []
    if old and new and old.mode != new.mode:
        out.append(f"mode of {path}: {old.mode:o} -> {new.mode:o}")
    if old and new and old.data == new.data:
        return out
    if path == MANIFEST:
        return [*out, f"Files {a} and {b} differ (hashes of the files above)"]
    before, after = _lines(old.data if old else None), _lines(new.data if new else None)
    if before is None or after is None:
        return [*out, f"Binary files {a} and {b} differ"]
    body = list(difflib.unified_diff(before, after, a, b, lineterm=""))
    return [*out, *body] if body else [*out, f"Files {a} and {b} differ"]


def diff_files(old: Sequence[Artifact], new: Sequence[Artifact]) -> list[str]:
    """A summary of added, removed and changed files, then their diffs; [] when equal."""
    before = {str(a.path): a for a in old}
    after = {str(a.path): a for a in new}
    paths = sorted(before.keys() | after.keys(), key=lambda path: (path == MANIFEST, path))
    changed = [path for path in paths if before.get(path) != after.get(path)]
    if not changed:
        return []
    summary = [
        ("added: " if path not in before else "removed: " if path not in after else "changed: ")
        + path
        for path in changed
    ]
    counts = {
        word: sum(line.startswith(word) for line in summary)
        for word in ("added", "removed", "changed")
    }
    out = [
        f"Files: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed",
        *(f"  {line}" for line in summary),
    ]
    for path in changed:
        out += ["", *_diff(path, before.get(path), after.get(path))]
    return out
