"""The disk's share of a large build: the same files written by a bare loop, nothing else."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path


def files_of(tree: Path) -> list[tuple[str, bytes]]:
    """Every file below `tree`: its relative path and its bytes."""
    return sorted(
        (str(p.relative_to(tree)), p.read_bytes()) for p in tree.rglob("*") if p.is_file()
    )


def write_bare(files: list[tuple[str, bytes]], target: Path) -> float:
    """Seconds to create the folders and write the files into `target` (then removed)."""
    start = time.perf_counter()
    made: set[Path] = set()
    for name, data in files:
        folder = (target / name).parent
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        fd = os.open(target / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.close(fd)
    seconds = time.perf_counter() - start
    shutil.rmtree(target)
    return seconds
