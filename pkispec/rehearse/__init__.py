"""`pkispec rehearse`: run the generated ceremony in a scratch directory and check it.

The bundle is written to a scratch folder and its scripts run exactly as an operator would
run them, with throwaway passphrases in files and every path moved below the scratch
folder. Then each certificate, key and CRL is checked against the spec, the CRL is
published and its freshness checked, and the first intermediate in service is revoked.
A spec with keys on PKCS#11 tokens is rehearsed on SoftHSM2 tokens of the same labels.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from pkispec.artifact import Artifact
from pkispec.bundle import write_tree
from pkispec.errors import PkispecError
from pkispec.plan import Plan
from pkispec.rehearse.checks import (
    Result,
    check_ca_cert,
    check_crl,
    check_key,
    check_modes,
    check_token_key,
    expect,
    guarded,
    no_private_keys,
)
from pkispec.rehearse.softhsm import SoftTokens

__all__ = ["Result", "rehearse"]


class Scratch:
    """The scratch folder of one rehearsal, and how to run a script in it."""

    def __init__(self, work: Path, plan: Plan) -> None:
        self.work, self.plan = work, plan
        self.bundle = work / "bundle"
        self.prefix = work / "ca"
        self.export = work / "export"
        self.www = work / "www"
        self.passphrases: dict[str, bytes] = {}
        secrets_dir = work / "passphrases"
        secrets_dir.mkdir(mode=0o700)
        self.env = dict(
            os.environ,
            PKISPEC_PREFIX=str(self.prefix),
            PKISPEC_EXPORT=str(self.export),
            PKISPEC_WEB_ROOT=str(self.www),
            PKISPEC_ASSUME_YES="1",
        )
        on_tokens = any(ca.token for ca in plan.cas)
        self.tokens = SoftTokens(work / "softhsm", plan.cas) if on_tokens else None
        if self.tokens is not None:
            self.env.update(self.tokens.env)
        for ca in plan.cas:
            if ca.token is not None and self.tokens is not None:
                secret = self.tokens.pins[ca.token.token]
            else:
                secret = secrets.token_urlsafe(24)
            path = secrets_dir / f"{ca.slug}.{'pin' if ca.token else 'pass'}"
            path.write_text(secret + "\n", encoding="utf-8")
            self.passphrases[ca.slug] = secret.encode()
            self.env[ca.passfile_var] = str(path)

    def run(self, script: str, *args: str, env: dict[str, str] | None = None) -> Result:
        proc = subprocess.run(
            ["bash", str(self.bundle / script), *args],
            env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        last = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or [""]
        return Result(
            f"runs {script}",
            proc.returncode == 0,
            "" if proc.returncode == 0 else f"exit {proc.returncode}: {last[0]}",
        )

    def cert(self, ca_dir: str, name: str) -> x509.Certificate:
        return x509.load_pem_x509_certificate((self.prefix / ca_dir / name).read_bytes())


def _ceremony(s: Scratch) -> Iterator[Result]:
    names = s.plan.scripts
    steps = [names.prepare, names.root]
    for ca in s.plan.intermediates:
        if ca.revoked is None:  # a revoked one is history: its sign step refuses
            steps += [names.request[ca.slug], names.sign[ca.slug]]
    steps += [names.crl, names.export]
    for step in steps:
        result = s.run(s.plan.layout.bundle.ceremony_script(step))
        yield result
        if not result.passed:
            return
    yield s.run(s.plan.layout.bundle.ceremony_script(names.root))  # a second run keeps everything
    yield from _offline_checks(s)
    yield from _crl_host(s)
    yield from _ca_host(s)
    yield from _revocation(s)


def _offline_checks(s: Scratch) -> Iterator[Result]:
    plan = s.plan
    root = s.cert("", plan.root.files.cert)
    yield from guarded("root", lambda: check_ca_cert(plan.root, root, root, plan))
    for ca in plan.cas:
        if ca.revoked is not None:  # not made: the ceremony makes its successor
            continue
        ca_dir = s.prefix / ca.dir
        cert = s.cert(ca.dir, ca.files.cert)
        key = ca_dir / ca.files.key
        if ca.token is not None and s.tokens is not None:
            yield from check_token_key(ca, s.tokens.public_key(ca.token), key, cert)
        else:
            yield from guarded(
                ca.slug,
                lambda ca=ca, cert=cert, key=key: (  # type: ignore[misc]
                    check_key(ca, key, s.passphrases[ca.slug], cert)
                ),
            )
        yield from guarded(
            ca.slug,
            lambda ca=ca, ca_dir=ca_dir: (  # type: ignore[misc]
                check_modes(ca_dir, ca)
            ),
        )
        if ca.role == "intermediate":
            yield from guarded(
                ca.slug,
                lambda ca=ca, cert=cert: (  # type: ignore[misc]
                    check_ca_cert(ca, cert, root, plan)
                ),
            )
            chain = (ca_dir / str(ca.files.chain)).read_bytes()
            wanted = (ca_dir / ca.files.cert).read_bytes() + (
                s.prefix / plan.root.files.cert
            ).read_bytes()
            yield expect(f"{ca.slug}: chain file is intermediate then root", chain, wanted)
    crl = x509.load_der_x509_crl((s.prefix / plan.root.files.crl_der).read_bytes())
    yield from guarded("root CRL", lambda: check_crl(plan, crl, root))
    if all(ca.token for ca in plan.cas):
        yield no_private_keys(s.prefix)


def _crl_host(s: Scratch) -> Iterator[Result]:
    plan = s.plan
    yield s.run(f"{s.plan.layout.bundle.crl_host}/{plan.scripts.publish}", str(s.export))
    published = s.www / plan.crl.url_path.lstrip("/")
    exported = s.export / "crls" / "root.crl"
    yield expect(
        "the published CRL is the exported one",
        published.exists() and published.read_bytes() == exported.read_bytes(),
        True,
    )
    yield s.run(
        f"{s.plan.layout.bundle.crl_host_scripts}/{plan.publish.check_unit}",
        env={"PKISPEC_CRL_FILE": str(published)},
    )


def _ca_host(s: Scratch) -> Iterator[Result]:
    """install-step-ca.sh lays out a scratch STEPPATH (step-ca itself is not run here)."""
    step = s.plan.step
    script = s.bundle / s.plan.layout.bundle.install_step_ca
    if step is None or not script.exists():
        return
    steppath = s.work / "step"
    key_arg = [] if step.signer.token else [str(s.prefix / step.signer.dir / step.signer.files.key)]
    provisioner_pass = s.work / "passphrases" / "provisioners.pass"
    provisioner_pass.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
    yield s.run(
        s.plan.layout.bundle.install_step_ca,
        str(s.export),
        *key_arg,
        env={
            "STEPPATH": str(steppath),
            "PKISPEC_NO_CHOWN": "1",
            "PKISPEC_PROVISIONER_PASSFILE": str(provisioner_pass),
            # a data source of the right shape; no database is reached here
            "PKISPEC_DSN": "step:rehearsal@tcp(127.0.0.1:3306)/",
        },
    )
    config = json.loads((steppath / "config" / "ca.json").read_text(encoding="utf-8"))
    keys = {
        p["name"]: p.get("key", {})
        for p in config["authority"]["provisioners"]
        if p["type"] == "JWK"
    }
    for name, _claims in step.jwk:
        yield expect(
            f"ca.json has the JWK provisioner {name!r} with a P-256 key",
            (keys.get(name, {}).get("crv"), keys.get(name, {}).get("alg")),
            ("P-256", "ES256"),
        )
    root = s.cert("", s.plan.root.files.cert)
    defaults = json.loads((steppath / "config" / "defaults.json").read_text(encoding="utf-8"))
    yield expect(
        "step defaults.json carries the root's fingerprint",
        defaults["fingerprint"],
        root.fingerprint(hashes.SHA256()).hex(),
    )
    yield expect(
        "step-ca gets the ceremony's intermediate",
        (steppath / "certs" / "intermediate_ca.crt").read_bytes(),
        (s.prefix / step.signer.dir / step.signer.files.cert).read_bytes(),
    )


def _revocation(s: Scratch) -> Iterator[Result]:
    plan = s.plan
    first = next((ca for ca in plan.intermediates if ca.revoked is None), None)
    if first is None:  # every intermediate is revoked already: nothing left to revoke
        return
    yield s.run(s.plan.layout.bundle.ceremony_script(plan.scripts.revoke[first.slug]))
    cert = s.cert(first.dir, first.files.cert)
    crl = x509.load_der_x509_crl((s.prefix / plan.root.files.crl_der).read_bytes())
    yield expect(
        f"the new root CRL lists the revoked {first.title}",
        crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None,
        True,
    )


def rehearse(plan: Plan, artifacts: list[Artifact], keep: Path | None = None) -> list[Result]:
    """Run the whole ceremony of `artifacts` (compiled to `plan`) in scratch space."""
    if keep is not None:
        try:
            keep.mkdir(parents=True)
        except FileExistsError:
            raise PkispecError(f"{keep} exists; --keep wants a new folder") from None
        return _in(keep, plan, artifacts)
    with tempfile.TemporaryDirectory(prefix="pkispec-rehearse-") as work:
        return _in(Path(work), plan, artifacts)


def _in(work: Path, plan: Plan, artifacts: list[Artifact]) -> list[Result]:
    scratch = Scratch(work, plan)
    write_tree(artifacts, scratch.bundle)
    return list(_ceremony(scratch))
