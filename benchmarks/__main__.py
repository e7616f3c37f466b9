"""`python -m benchmarks`: measure pkispec against its goals and print a table.

Every goal is a ratio taken in the same run against a baseline measured beside it (the
import floor, bare openssl, easy-rsa), or an absolute bound from the README. pkispec is
measured as installed (a wheel, byte-compiled by pip), not from the source tree. Exit
status 1 when a goal is missed. These are not unit tests: CI does not run them.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks import ceremony, disk, specs
from benchmarks.timing import Measured, interleaved, measure

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "11"))


def install(target: Path) -> dict[str, str]:
    """pkispec as a byte-compiled wheel in `target`; the environment that imports it."""
    wheels = target / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target / "site"),
            *map(str, wheels.glob("*.whl")),
        ],
        check=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(target / "site")
    env["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # as pkispec's CLI sets it, for the baselines
    return env


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, what: str, figure: str, goal: str = "", met: bool | None = None) -> None:
        self.rows.append((what, figure, goal, met))

    def show(self) -> bool:
        width = max(len(r[0]) for r in self.rows)
        for what, figure, goal, met in self.rows:
            mark = "" if met is None else ("  ok" if met else "  MISSED")
            print(f"{what:<{width}}  {figure:>22}  {goal:<26}{mark}")
        return all(met is not False for _, _, _, met in self.rows)


def startup(table: Table, env: dict[str, str], work: Path) -> None:
    py, example = sys.executable, str(specs.EXAMPLE)
    commands = {
        "floor": [py, "-c", "import pydantic, ruamel.yaml, jinja2, cryptography.x509"],
        # `import pydantic` alone defers BaseModel and Field; a build cannot, and needs no
        # cryptography: what the libraries a build imports cost before pkispec does anything
        "libraries": [
            py,
            "-c",
            "from pydantic import BaseModel, Field; import ruamel.yaml, jinja2",
        ],
        # the least any program pays that validates with a pydantic model: its first model
        # generates a schema (pydantic.types, json_schema) and asks for plugins (pydantic's
        # loader imports importlib.metadata even when plugins are disabled, as pkispec does)
        "model": [
            py,
            "-c",
            "import ruamel.yaml, jinja2\nfrom pydantic import BaseModel\n"
            "class A(BaseModel):\n    x: int\nA.model_validate({'x': 1})",
        ],
        "build": [py, "-m", "pkispec", "build", example, "-o", str(work / "dist")],
        "validate": [py, "-m", "pkispec", "validate", example],
        "help": [py, "-m", "pkispec", "--help"],
    }
    interleaved(commands, 1, env)  # warm the caches
    t = interleaved(commands, RUNS, env)
    ratio = t["build"] / t["floor"]
    table.add("import floor (pydantic, ruamel, jinja2, cryptography)", f"{t['floor'] * 1e3:.0f} ms")
    table.add(
        "  the build's libraries (BaseModel, Field, ruamel, jinja2)",
        f"{t['libraries'] * 1e3:.0f} ms = {t['libraries'] / t['floor']:.2f}x floor",
    )
    table.add(
        "  the same and one pydantic model defined and used",
        f"{t['model'] * 1e3:.0f} ms = {t['model'] / t['floor']:.2f}x floor",
    )
    table.add(
        "pkispec build examples/homelab.pki.yaml",
        f"{t['build'] * 1e3:.0f} ms = {ratio:.2f}x floor",
        "<= 1.25x floor",
        ratio <= 1.25,
    )
    table.add("pkispec validate", f"{t['validate'] * 1e3:.0f} ms")
    table.add("pkispec --help", f"{t['help'] * 1e3:.0f} ms")


def scale(table: Table, env: dict[str, str], work: Path) -> None:
    """The goals' builds write to tmpfs when there is one: what pkispec takes, not what the
    disk does (on the VM of the README, making the same 6,700 files takes 0.2 to 4.9 s from
    one minute to the next). The disk's figures follow, beside a bare loop that writes the
    same files, and a rebuild, which links the files that did not change."""
    results: dict[int, float] = {}
    memory = tmpfs()
    where = "tmpfs" if memory else "disk"
    for clients, runs, limit_s, limit_mib in ((10_000, 5, 2.0, 300), (100_000, 1, 20.0, 1536)):
        spec = specs.scaled(clients, work)
        with tempfile.TemporaryDirectory(dir=memory or work) as out:
            m = fresh_builds(spec, Path(out) / "dist", runs, env)
        results[clients] = m.seconds
        table.add(
            f"build with {clients:,} clients (into an empty folder, {where})",
            f"{m.seconds:.2f} s",
            f"< {limit_s:g} s",
            m.seconds < limit_s,
        )
        table.add(
            "  peak memory", f"{m.peak_mib:.0f} MiB", f"< {limit_mib} MiB", m.peak_mib < limit_mib
        )
    growth = results[100_000] / results[10_000]
    table.add("100k / 10k time", f"{growth:.1f}x", "<= 11x (linear)", growth <= 11)
    spec, dist = work / "scaled-10000.pki.yaml", work / "dist"
    builds, bares = [], []
    files: list[tuple[str, bytes]] = []
    for _ in range(3):  # in turns: the disk's stalls come and go by the minute
        builds.append(fresh_builds(spec, dist, 1, env).seconds)
        files = files or disk.files_of(dist / "homelab")  # the same files every time
        bares.append(disk.write_bare(files, work / "bare"))
    table.add(
        f"  10,000 clients into an empty folder in {work.parent}",
        f"{statistics.median(builds):.2f} s",
    )
    table.add(
        f"  its {len(files):,} files written there by a bare loop, in turns",
        f"{statistics.median(bares):.2f} s",
    )
    rebuild = measure(
        [sys.executable, "-m", "pkispec", "build", str(spec), "-o", str(dist)], 3, env
    )
    table.add(
        "  the same spec built again there (unchanged files linked)", f"{rebuild.seconds:.2f} s"
    )


def fresh_builds(spec: Path, dist: Path, runs: int, env: dict[str, str]) -> Measured:
    """The median time and the largest peak of `runs` builds, each into an empty `dist`."""
    argv = [sys.executable, "-m", "pkispec", "build", str(spec), "-o", str(dist)]
    done = []
    for _ in range(runs):
        shutil.rmtree(dist, ignore_errors=True)
        done.append(measure(argv, 1, env))
    return Measured(statistics.median(m.seconds for m in done), max(m.peak_mib for m in done))


def offline(table: Table, work: Path, env: dict[str, str]) -> None:
    """The three flows take turns, on tmpfs when there is one: the scripts' overhead, not
    the disk's stalls, which hit a file's creation whoever makes it."""
    subprocess.run(
        [sys.executable, "-m", "pkispec", "build", str(specs.EXAMPLE), "-o", str(work / "cer")],
        env=env,
        check=True,
        capture_output=True,
    )
    bundle = work / "cer" / "homelab"
    steps = [
        "01-prepare.sh",
        "02-root.sh",
        "03-intermediate-request.sh",
        "04-intermediate-sign.sh",
        "05-root-crl.sh",
    ]
    scratch = tmpfs()
    runs, bares, easies = [], [], []
    for _ in range(5):
        with tempfile.TemporaryDirectory(dir=scratch) as folder:
            runs.append(ceremony.ours(bundle, steps, Path(folder)))
        bares.append(ceremony.bare(scratch))
        easies.append(ceremony.easy_rsa(scratch))
    total = statistics.median(r[0] for r in runs)
    inside = statistics.median(r[1] for r in runs)
    bare = statistics.median(bares)
    where = "tmpfs" if scratch else "disk"
    table.add(
        f"ceremony scripts (root, intermediate, chain, CRL; {where})", f"{total * 1e3:.0f} ms"
    )
    table.add(
        "  of which inside openssl",
        f"{inside * 1e3:.0f} ms = {total / inside:.2f}x",
        "scripts <= 1.3x openssl",
        total / inside <= 1.3,
    )
    table.add("  the guide's bare openssl commands", f"{bare * 1e3:.0f} ms = {total / bare:.1f}x")
    if easies[0] is None:
        table.add("  easy-rsa (scripts/setup.sh --bench)", "not installed", ">= 5x slower", False)
    else:
        e = statistics.median(t for t in easies if t is not None)
        table.add(
            "  easy-rsa, the same flow",
            f"{e * 1e3:.0f} ms = {e / total:.1f}x ours",
            ">= 5x slower than ours",
            e / total >= 5,
        )


def tmpfs() -> Path | None:
    """The shared-memory folder when it can be written to: no disk to add noise."""
    shm = Path("/dev/shm")  # noqa: S108 - tmpfs
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def rehearsal(table: Table, env: dict[str, str]) -> None:
    m = measure([sys.executable, "-m", "pkispec", "rehearse", str(specs.EXAMPLE)], 3, env)
    table.add(
        "pkispec rehearse (whole ceremony, checks)", f"{m.seconds:.2f} s", "< 2 s", m.seconds < 2
    )


def main() -> int:
    print(
        f"# pkispec benchmarks on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {RUNS} runs per median"
    )
    table = Table()
    with tempfile.TemporaryDirectory(prefix="pkispec-bench-") as tmp:
        work = Path(tmp)
        env = install(work / "install")
        stages: list[Callable[[], None]] = [
            lambda: startup(table, env, work),
            lambda: scale(table, env, work),
            lambda: offline(table, work, env),
            lambda: rehearsal(table, env),
        ]
        for stage in stages:
            stage()
    return 0 if table.show() else 1


if __name__ == "__main__":
    raise SystemExit(main())
