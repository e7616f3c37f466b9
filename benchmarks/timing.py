"""Whole-process timings: medians of repeated runs, and the largest peak memory of them."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    seconds: float  # median wall time
    peak_mib: float  # largest resident set of any run


def measure(
    argv: Sequence[str], runs: int, env: dict[str, str] | None = None, cwd: str | None = None
) -> Measured:
    times, peaks = [], []
    for _ in range(runs):
        # stderr into a file, not a pipe: a command that says much (a warning per client)
        # would fill the pipe and wait forever for a reader that waits for it to exit
        with tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors
            )
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            if os.waitstatus_to_exitcode(status) != 0:
                errors.seek(0)
                raise RuntimeError(f"{' '.join(argv)} failed:\n{errors.read().decode()}")
        peaks.append(usage.ru_maxrss / 1024)
    return Measured(statistics.median(times), max(peaks))


def interleaved(
    commands: Mapping[str, Sequence[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median times of several commands, run in turn so that machine noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(measure(argv, 1, env).seconds)
    return {name: statistics.median(values) for name, values in samples.items()}
