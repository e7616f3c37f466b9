"""A person applying a generated RUNBOOK.md, block by block, on emulated machines.

The blocks of the runbook (tests/runbook.py) run in the runbook's order, each on the machine
its `on=` names, as root from the bundle's folder: nothing is retyped, so a changed runbook
template changes what runs. Each machine is its own copy-on-write Debian (machines.py). The
servers are hosts of their own, each at its 127.x address on one private wire, and every
machine's /etc/hosts gives each name of the spec the address of the machine serving it; two
machines at one address are one host (the guide's CRL host and CA server). The air-gapped
machine has no address: it reaches nobody. Files move between machines only by the
runbook's carry blocks.

What the operator does that is not a command of the runbook, the operator here does too:
- installs step-ca as /usr/bin/step-ca on the CA server and the step CLI as /usr/bin/step on
  the admin machine, from the builds of tests/peers (people download them from Smallstep);
- chooses EXPORT, INTERMEDIATE_KEY and OUT, and writes down the root's fingerprint
  (FINGERPRINT) from what the root ceremony prints;
- gives passphrases through the files the runbook's variables name (PKISPEC_*_PASSFILE),
  and answers confirmations with PKISPEC_ASSUME_YES=1, as the runbook offers;
- types the provisioner's passphrase at the step CLI's prompt, and a token's PIN at
  softhsm2-util's (typist.py): the PIN its PKISPEC_*_PINFILE holds, as SO PIN too;
- on the Windows PC, which cannot run here, `certreq -new` is stood in for by openssl
  making the request the INF describes, and `certreq -accept` by reading the .p7b;
- keeps the spec in a git repository on a workstation (a folder of this host, where
  pkispec is this checkout's): built and committed before the ceremony, and in the second
  phase writes the keys of the runbook's yaml block into the spec (ruamel keeps the rest).
"""

from __future__ import annotations

import base64
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from conftest import require
from peers import Edge, peer
from runbook import Block, blocks

from .machines import Machine, Network, carry

#: what the operator chooses, on every machine that has it
BUNDLE = "/root/bundle"  # where the bundle is carried on each machine
EXPORT, INTERMEDIATE_KEY, OUT = "/root/export", "/root/intermediate.key", "/root/out"
PASSPHRASES = {
    "PKISPEC_ROOT_PASSFILE": "the root's passphrase, typed at the ceremony",
    "PKISPEC_INTERMEDIATE_PASSFILE": "the intermediate's passphrase",
    "PKISPEC_PROVISIONER_PASSFILE": "the JWK provisioner's passphrase",
    "PKISPEC_P12_PASSFILE": "the phone's PKCS#12 passphrase",
}
BLOCK_TIMEOUT = 120  # seconds: every block here takes a few (certbot's order, ten)
TYPIST = Path(__file__).with_name("typist.py")
TYPIST_IN_MACHINE = "/usr/local/lib/pkispec-e2e/typist.py"  # a checkout in /tmp is not seen
FINGERPRINT = re.compile(r"(?i)sha256 Fingerprint=([0-9A-F:]{95})")
NAME = re.compile(r"(?:https?://|\bfor |\()([a-z0-9-]+(?:\.[a-z0-9-]+)+\.[a-z]+)\b")


@dataclass(frozen=True)
class Site:
    """Where the runbook's machines are here.

    `addresses`: each machine of the runbook that runs here, and its address (None: the
    air-gapped machine, on no wire); `serves`: each host name of the runbook and the machine
    that answers it; `stands_in`: a machine of the runbook played by another ("linux", any
    machine trusting the root, and "desktop", a browser's user, by the admin machine).
    """

    addresses: Mapping[str, str | None]
    serves: Mapping[str, str]
    stands_in: Mapping[str, str] = field(
        default_factory=lambda: {"linux": "admin", "desktop": "admin"}
    )
    step_ca: Edge = "oldest"

    def runs_on(self, machine: str) -> str:
        return self.stands_in.get(machine, machine)


@dataclass
class Operator:
    """A person applying the runbook: the machines, the choices, and what ran."""

    runbook: str
    site: Site
    machines: dict[str, Machine]
    windows: Path  # the Windows PC's folder (stood in for)
    choices: dict[str, str] = field(
        default_factory=lambda: {"EXPORT": EXPORT, "INTERMEDIATE_KEY": INTERMEDIATE_KEY, "OUT": OUT}
    )
    ran: list[Block] = field(default_factory=list)
    workstation: Workstation | None = None

    def passfiles(self) -> dict[str, str]:
        """Each passphrase file the runbook's variables name, and the passphrase in it."""
        named = set(re.findall(r"`(PKISPEC_\w+_(?:PASS|PIN)FILE)`", self.runbook))
        return {name: PASSPHRASES.get(name, chosen(name)) for name in named}

    def give_passphrases(self) -> None:
        """The passphrase files, on every machine (the operator's encrypted medium)."""
        for machine in self.machines.values():
            machine.run("install -d -m 700 /root/secrets")
            for name, passphrase in self.passfiles().items():
                machine.write_text(f"/root/secrets/{name.lower()}", passphrase + "\n", mode=0o600)

    def env(self) -> dict[str, str]:
        secrets = {name: f"/root/secrets/{name.lower()}" for name in self.passfiles()}
        return {**self.choices, **secrets, "PKISPEC_ASSUME_YES": "1"}

    def on(self, machine: str) -> Machine:
        """The machine the runbook's `on=` names."""
        return self.machines[self.site.runs_on(machine)]

    def apply_all(
        self, skip: Mapping[int, str], before: Mapping[int, Callable[[], object]] | None = None
    ) -> None:
        """Every block in order, except the sections of `skip`; `before[N]` runs once,
        before section N's first block."""
        todo = dict(before or {})
        for block in blocks(self.runbook):
            if block.section in skip:
                continue
            if block.section in todo:
                todo.pop(block.section)()
            self.apply(block)

    def apply(self, block: Block) -> None:
        """One block as the runbook gives it; a failure names the section."""
        if block.kind == "carry":
            for c in block.carries:
                self.carry(c.source, c.path, c.target, c.to)
            return
        if block.kind == "yaml":
            self.station(block).write_keys(block, self.choices["FINGERPRINT"])
        elif block.machine == "windows-pc":
            certreq(self, block)
        elif block.machine == "workstation":
            done = self.station(block).run(block.script, self.env())
            if done.returncode != 0:
                failed(block, done.stdout + done.stderr)
        else:
            self.in_machine(block)
        self.ran.append(block)

    def station(self, block: Block) -> Workstation:
        if self.workstation is None:
            pytest.fail(f"{block.where}: no workstation holds the spec here")
        return self.workstation

    def in_machine(self, block: Block) -> None:
        machine = self.on(block.machine or "")
        script = f"cd {BUNDLE}\nset -euo pipefail\n{block.script}"
        if passfile := self.typed(block):
            # the step CLI and softhsm2-util read passphrases and PINs from a terminal only
            machine.write_text("/root/block.sh", script, mode=0o700)
            typist = f"/usr/bin/python3 {TYPIST_IN_MACHINE} {passfile}"
            script = f"exec {typist} /bin/bash /root/block.sh"
        try:
            done = machine.run(
                script, env=self.env(), check=False, strict=False, timeout=BLOCK_TIMEOUT
            )
        except subprocess.TimeoutExpired as hung:
            output = hung.output.decode(errors="replace") if isinstance(hung.output, bytes) else ""
            pytest.fail(f"{block.where} did not finish in {BLOCK_TIMEOUT} s:\n{output[-3000:]}")
        output = done.stdout + done.stderr
        if done.returncode != 0:
            failed(block, output)
        if "FINGERPRINT" not in self.choices and (found := FINGERPRINT.search(output)):
            self.choices["FINGERPRINT"] = found.group(1).replace(":", "").lower()

    def typed(self, block: Block) -> str | None:
        """The file of what is typed at the block's prompts: the provisioner's passphrase
        for the step CLI, the PIN of the token softhsm2-util initialises."""
        if any(line.startswith("step ") for line in block.lines):
            return self.env()["PKISPEC_PROVISIONER_PASSFILE"]
        for line in block.lines:
            words = shlex.split(line.rstrip("\\|&"), comments=True)
            if words[:2] == ["softhsm2-util", "--init-token"]:
                label = re.escape(words[words.index("--label") + 1])
                row = re.search(
                    rf"^\| .+ \| `{label}` \| .* \| `(\w+_PINFILE)` \|$", self.runbook, re.M
                )
                assert row, f"{block.where}: the token table names no PIN file for {label}"
                return self.env()[row.group(1)]
        return None

    def carry(self, source: str, path: str, target: str, to: str) -> None:
        path, to = self.expand(path, source), self.expand(to, target)
        if target == "workstation":
            shutil.rmtree(to, ignore_errors=True)  # a carried export replaces the one before
            self.on(source).get(in_bundle(path), Path(to))
        elif target == "windows-pc":
            self.on(source).get(in_bundle(path), self.windows / to)
        elif source == "windows-pc":
            self.on(target).put(self.windows / path, in_bundle(to))
        else:
            into = self.on(target)
            into.run(f"rm -rf {in_bundle(to)}")  # a carried export replaces the one before
            carry(self.on(source), in_bundle(path), into, in_bundle(to))

    def expand(self, path: str, machine: str) -> str:
        """A path of a carry block, with the choices made on that machine."""
        mine = self.workstation.choices if machine == "workstation" and self.workstation else {}
        chosen = {**self.choices, **mine}
        return re.sub(r"\$(\w+)", lambda m: chosen[m.group(1)], path)

    def sh(self, machine: str, script: str) -> str:
        """A command of the test's own (a check, not the runbook's), which must succeed."""
        done = self.on(machine).run(script, env=self.env(), check=False)
        assert done.returncode == 0, f"{script}\n{done.stdout}{done.stderr}"
        return done.stdout

    def served_crl(self) -> x509.CertificateRevocationList:
        """The root CRL as any machine fetches it from the CRL host."""
        url = re.search(r"`(http://\S+\.crl)`", self.runbook)
        assert url, "the runbook names the CRL's URL"
        data = self.sh("admin", f"curl -sf {url.group(1)} | base64 -w0")
        return x509.load_der_x509_crl(base64.b64decode(data))

    def rebuilt(self, bundle: Path) -> None:
        """A new bundle of the spec, carried to every machine in place of the old."""
        self.runbook = (bundle / "RUNBOOK.md").read_text(encoding="utf-8")
        for machine in self.machines.values():
            machine.run(f"rm -rf {BUNDLE}")
            machine.put(bundle, BUNDLE)
        self.give_passphrases()


@dataclass
class Workstation:
    """The operator's workstation: the spec's git repository, a folder of this host.

    Its blocks run in bash from the built bundle's folder, with this checkout's pkispec
    first on PATH and the operator's git identity; `choices` are its EXPORT, SPEC, BUILD.
    """

    home: Path
    spec: Path
    build: Path

    @property
    def choices(self) -> dict[str, str]:
        export = self.home / "export"
        return {"EXPORT": str(export), "SPEC": str(self.spec), "BUILD": str(self.build)}

    @classmethod
    def before_the_ceremony(cls, home: Path, spec_text: str, name: str) -> Workstation:
        """The repository as the runbook finds it: the spec built, reviewed and committed."""
        repo = home / "repo"
        repo.mkdir(parents=True)
        spec = repo / f"{name}.pki.yaml"
        spec.write_text(spec_text, encoding="utf-8")
        station = cls(home, spec, repo / "bundle")
        for script in (
            "git init -q -b main",
            'pkispec build "$SPEC" -o "$BUILD"',
            "git add -A",
            "git commit -q -m 'the spec and its bundle, reviewed'",
        ):
            done = station.run(script, {}, cwd=repo)
            assert done.returncode == 0, f"{script}: {done.stdout}{done.stderr}"
        return station

    def run(
        self, script: str, env: Mapping[str, str], cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """A script from the built bundle's folder (or `cwd`), with `env` and its choices."""
        if cwd is None:
            (cwd,) = [p for p in self.build.iterdir() if p.is_dir()]
        identity = {
            "GIT_AUTHOR_NAME": "Operator",
            "GIT_AUTHOR_EMAIL": "operator@home.example",
            "GIT_COMMITTER_NAME": "Operator",
            "GIT_COMMITTER_EMAIL": "operator@home.example",
        }
        path = f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"
        own = {"PATH": path, "HOME": str(self.home), "LANG": "C.UTF-8"}
        return subprocess.run(
            ["/bin/bash", "-c", f"set -euo pipefail\n{script}"],
            cwd=cwd,
            env={**env, **self.choices, **identity, **own},
            capture_output=True,
            text=True,
            errors="replace",
            timeout=BLOCK_TIMEOUT,
            check=False,
        )

    def write_keys(self, block: Block, fingerprint: str) -> None:
        """The yaml block's keys, merged into the spec as a person would type them."""
        yaml = YAML()
        keys = yaml.load(block.script.replace("FINGERPRINT", fingerprint))
        spec = yaml.load(self.spec.read_text(encoding="utf-8"))
        for ca in keys.pop("intermediates", []):
            (target,) = [i for i in spec["intermediates"] if i["name"] == ca["name"]]
            merge(target, ca)
        merge(spec, keys)
        with self.spec.open("w", encoding="utf-8") as out:
            yaml.dump(spec, out)


def chosen(variable: str) -> str:
    """What the operator puts in a file the runbook's variable names: a token's PIN
    (of 32 characters at most, as RUNBOOK.md asks), or a passphrase."""
    if variable.endswith("_PINFILE"):
        return variable.removeprefix("PKISPEC_").removesuffix("_PINFILE").lower() + " token PIN"
    return f"the passphrase of {variable}"


def failed(block: Block, output: str) -> NoReturn:
    pytest.fail(f"{block.where} failed as written:\n{block.script}\n{output}")


def merge(into: CommentedMap, keys: Mapping[str, object]) -> None:
    """Keys written into a mapping of the spec, mappings merged into those already there."""
    for key, value in keys.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), Mapping):
            merge(into[key], value)
        else:
            into[key] = value


def in_bundle(path: str) -> str:
    """A runbook path on a machine: relative paths are in the bundle's folder."""
    return path if path.startswith("/") else f"{BUNDLE}/{path}"


def names(runbook: str) -> set[str]:
    """The host names the runbook gives: of its URLs, and its sites ("for NAME", "(NAME)")."""
    return set(NAME.findall(runbook))


def prepare(stack: ExitStack, work: Path, bundle: Path, site: Site) -> Operator:
    """The machines as the operator finds them, each with the bundle carried to it."""
    runbook = (bundle / "RUNBOOK.md").read_text(encoding="utf-8")
    unserved = names(runbook) - set(site.serves)
    assert not unserved, f"no machine here answers {sorted(unserved)}"
    network = stack.enter_context(Network())
    machines: dict[str, Machine] = {}
    for name, address in site.addresses.items():
        machines[name] = stack.enter_context(network.machine(name, work / name, address))
    for machine in machines.values():
        served = {n: site.addresses[m] for n, m in site.serves.items()}
        machine.hosts({n: a for n, a in served.items() if a is not None})
        machine.put(bundle, BUNDLE)
    machines["ca-server"].put(peer("step-ca", site.step_ca), "/usr/bin/step-ca")
    machines["admin"].put(peer("step", site.step_ca), "/usr/bin/step")
    for machine in machines.values():
        machine.put(TYPIST, TYPIST_IN_MACHINE)
    machines["admin"].run(f"install -d {OUT}")
    windows = work / "windows-pc"
    windows.mkdir()
    person = Operator(runbook, site, machines, windows)
    person.give_passphrases()
    return person


def certreq(operator: Operator, block: Block) -> str:
    """The Windows PC's certreq, stood in for: `-new` makes the INF's request with openssl
    (its subject, key algorithm and subject alternative names), `-accept` reads the .p7b."""
    out = []
    for line in block.lines:
        match line.split():
            case ["certreq", "-new", inf, csr]:
                out.append(openssl_request(operator.windows / inf, operator.windows / csr))
            case ["certreq", "-accept", "-user", p7b]:
                chain = pkcs7.load_der_pkcs7_certificates((operator.windows / p7b).read_bytes())
                out.append("\n".join(c.subject.rfc4514_string() for c in chain))
            case _:
                pytest.fail(f"{block.where}: no stand-in for {line!r} on the Windows PC")
    return "\n".join(out)


def inf_string(raw: str) -> str:
    """An .inf file's quoted string as certreq reads it: inner quotes doubled, %% one '%'."""
    assert len(raw) >= 2 and raw[0] == raw[-1] == '"', f"not a quoted INF string: {raw}"
    return raw[1:-1].replace('""', '"').replace("%%", "%")


def certstr_to_name(dn: str) -> list[tuple[str, str]]:
    """The RDNs of a distinguished name as Windows' CertStrToName reads it: TYPE=VALUE
    parts separated by ',' or ';', a value in double quotes (inner quotes doubled) when it
    holds one of them."""
    rdns, rest = [], dn
    while rest:
        kind, sep, rest = rest.partition("=")
        assert sep, f"no '=' in {dn!r}"
        if rest.startswith('"'):
            end = 1
            while (end := rest.index('"', end)) + 1 < len(rest) and rest[end + 1] == '"':
                end += 2
            value, rest = rest[1:end].replace('""', '"'), rest[end + 1 :]
        else:
            value = re.split(r"[,;]", rest, maxsplit=1)[0]
            rest = rest[len(value) :]
            value = value.strip()
        rdns.append((kind.strip(), value))
        rest = rest.lstrip()
        if rest[:1] in (",", ";"):
            rest = rest[1:].lstrip()
    return rdns


def openssl_subject(rdns: list[tuple[str, str]]) -> str:
    """openssl req -subj's form: /TYPE=VALUE, with '\\', '/' and '+' escaped."""
    return "".join(f"/{kind}=" + re.sub(r"([\\/+])", r"\\\1", value) for kind, value in rdns)


def openssl_request(inf: Path, csr: Path) -> str:
    text = inf.read_text(encoding="utf-8")
    subject = re.search(r"^Subject = (.*)$", text, re.MULTILINE)
    algorithm = re.search(r"^KeyAlgorithm = (\S+)$", text, re.MULTILINE)
    sans = re.findall(r'^_continue_ = "url=(.*)"$', text, re.MULTILINE)
    assert subject and algorithm and sans, f"{inf.name}: not the INF this stand-in reads"
    curves = {"ECDSA_P256": "P-256", "ECDSA_P384": "P-384"}
    key = (
        ["-newkey", "ec", "-pkeyopt", f"ec_paramgen_curve:{curves[algorithm.group(1)]}"]
        if algorithm.group(1) in curves
        else ["-newkey", "rsa:2048"]
    )
    done = subprocess.run(
        [
            require("openssl"),
            *("req", "-new", *key, "-noenc"),
            *("-keyout", str(csr.with_suffix(".key")), "-out", str(csr)),
            *("-subj", openssl_subject(certstr_to_name(inf_string(subject.group(1))))),
            *("-addext", "subjectAltName=" + ",".join(f"URI:{s}" for s in sans)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr
