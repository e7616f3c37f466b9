"""Run a generated ceremony for real, as an operator would, for the tests."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pkispec.plan import Plan


@dataclass
class Ceremony:
    """A bundle, a CA prefix and passphrase files in one scratch folder."""

    bundle: Path
    work: Path
    plan: Plan
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.prefix = self.work / "ca"
        self.export = self.work / "export"
        self.env = dict(
            os.environ,
            PKISPEC_PREFIX=str(self.prefix),
            PKISPEC_EXPORT=str(self.export),
            PKISPEC_ASSUME_YES="1",
        )
        for ca in self.plan.cas:
            path = self.work / f"{ca.slug}.pass"
            path.write_text(f"passphrase of {ca.slug}\n", encoding="utf-8")
            self.env[ca.passfile_var] = str(path)

    def passphrase(self, slug: str) -> bytes:
        return f"passphrase of {slug}".encode()

    def run(
        self, script: str, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            ["bash", str(self.bundle / "offline" / "ceremony" / script), *args],
            env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"{script} failed ({proc.returncode}):\n{proc.stderr}")
        return proc

    def steps(self) -> list[str]:
        s = self.plan.scripts
        names = [s.prepare, s.root]
        for ca in self.plan.intermediates:
            if ca.revoked is None:  # a revoked one's sign step refuses
                names += [s.request[ca.slug], s.sign[ca.slug]]
        return [*names, s.crl, s.export]

    def run_all(self) -> None:
        for step in self.steps():
            self.run(step)

    def path(self, ca_dir: str, name: str) -> Path:
        return self.prefix / ca_dir / name
