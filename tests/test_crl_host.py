"""The CRL host, proven with the real programs on loopback: nginx serves what the ceremony
made and publish-crl.sh published, systemd-analyze accepts the units, the freshness check
judges a real CRL, and shellcheck passes every generated script.

Every program is started and stopped by these tests; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import ROOT, compile_checked, compile_text, materialize, require
from servers import port_open, running

NAME = "crltest"
INTERMEDIATE = "intermediate"
CHECK = f"crl-host/sbin/pkispec-{NAME}-crl-check"
DAY = 86400
DUE_SECONDS = 90 * DAY  # validity 180d - renew_every 90d, as in SPEC
CEREMONY = (
    "01-prepare.sh",
    "02-root.sh",
    f"03-{INTERMEDIATE}-request.sh",
    f"04-{INTERMEDIATE}-sign.sh",
    "05-root-crl.sh",
    "06-export.sh",
)
SPEC = """\
pkispec: 1
name: {name}
subject:
  country: DE
  organization: crl.test
root:
  common_name: crl.test Root CA
  key: {{type: ec, curve: secp384r1}}
  digest: sha256
  lifetime: 3650d
  policy:
    match: [country, organization]
  crl:
    url: {url}
    validity: 180d
    renew_every: 90d
{renewal}
intermediates:
  - name: {intermediate}
    common_name: crl.test Intermediate CA 1
    key: {{type: ec, curve: secp384r1}}
    digest: sha256
    lifetime: 1825d
    pathlen: 0
    policy:
      optional: [country, organization]
    name_constraints:
      permitted_dns: [crl.test]
ceremony:
  prefix: /root/ca
crl_publishing:
  web_root: {web_root}
  listen: "{listen}"
"""
OFFLINE = "    renewal: offline"
AUTOMATIC = "    renewal: automatic\n    passphrase_file: /root/ca/private/ca.pass"


def spec_text(*, port: int, web_root: Path, renewal: str = OFFLINE, name: str = NAME) -> str:
    return SPEC.format(
        name=name,
        url=f"http://crl.test:{port}/crls/root.crl",
        renewal=renewal,
        intermediate=INTERMEDIATE,
        web_root=web_root,
        listen=f"127.0.0.1:{port}",
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def run(
    cmd: list[str | Path], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_ok(cmd: list[str | Path], env: dict[str, str]) -> None:
    done = run(cmd, env=env)
    assert done.returncode == 0, f"{cmd} exited {done.returncode}:\n{done.stdout}{done.stderr}"


# --- a bundle, its ceremony and its published CRL ----------------------------------------


@dataclass(frozen=True)
class Site:
    port: int
    bundle: Path
    web_root: Path
    export: Path
    work: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A bundle whose CRL host listens on loopback, after a real ceremony and publish."""
    require("openssl")
    work = tmp_path_factory.mktemp("crlhost")
    port = free_port()
    web_root = work / "www"
    web_root.mkdir()
    artifacts = compile_text(spec_text(port=port, web_root=web_root), work)
    s = Site(port, materialize(artifacts, work / "bundle"), web_root, work / "export", work)
    env = ceremony_env(work)
    for script in CEREMONY:
        run_ok([s.bundle / "offline" / "ceremony" / script], env)
    run_ok([s.bundle / "crl-host" / "publish-crl.sh", s.export], env)
    return s


def ceremony_env(work: Path) -> dict[str, str]:
    root_pass, inter_pass = work / "root.pass", work / "intermediate.pass"
    root_pass.write_text("throwaway root passphrase\n", encoding="utf-8")
    inter_pass.write_text("throwaway intermediate passphrase\n", encoding="utf-8")
    return {
        **os.environ,
        "PKISPEC_PREFIX": str(work / "ca"),
        "PKISPEC_ROOT_PASSFILE": str(root_pass),
        "PKISPEC_INTERMEDIATE_PASSFILE": str(inter_pass),
        "PKISPEC_ASSUME_YES": "1",
        "PKISPEC_EXPORT": str(work / "export"),
        "PKISPEC_WEB_ROOT": str(work / "www"),
    }


# --- nginx ---------------------------------------------------------------------------------


def nginx_conf(s: Site) -> Path:
    """A main nginx.conf around the generated site, with every path inside the test folder.

    master_process off: the one process serves as the test's own user, so it can read the
    pytest folder (mode 700) even when the test runs as root. A catch-all default server
    answers 421, so a 200 proves the generated server_name matched.
    """
    run_dir = s.work / "nginx"
    run_dir.mkdir(exist_ok=True)
    site_conf = s.bundle / "crl-host" / "nginx" / f"pkispec-{NAME}-crl.conf"
    temps = "\n".join(
        f"    {kind}_temp_path {run_dir}/{kind}_temp;"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = run_dir / "nginx.conf"
    conf.write_text(
        f"""\
daemon off;
master_process off;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log notice;
events {{}}
http {{
    access_log {run_dir}/access.log;
{temps}
    server {{
        listen 127.0.0.1:{s.port} default_server;
        return 421;
    }}
    include {site_conf};
}}
""",
        encoding="utf-8",
    )
    return conf


def nginx_cmd(s: Site, *extra: str) -> list[str | Path]:
    run_dir = s.work / "nginx"
    return [
        require("nginx"),
        "-e",
        run_dir / "error.log",
        "-p",
        run_dir,
        "-c",
        nginx_conf(s),
        *extra,
    ]


@pytest.fixture(scope="module")
def nginx(site: Site) -> Iterator[Site]:
    with running(
        "nginx",
        nginx_cmd(site),
        site.work / "nginx" / "stdout.log",
        lambda: port_open(site.port),
        timeout=10,
    ):
        yield site


def fetch(port: int, path: str, host: str) -> tuple[int, str, bytes]:
    """GET over plain HTTP from loopback, never through a proxy: status, type, body."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_nginx_accepts_the_generated_site(site: Site) -> None:
    done = run(nginx_cmd(site, "-t"))
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
    assert "[warn]" not in done.stderr
    assert "[emerg]" not in done.stderr


def test_nginx_serves_the_published_crl(nginx: Site) -> None:
    host = f"crl.test:{nginx.port}"  # what a client sends for the spec's CRL URL
    status, media_type, body = fetch(nginx.port, "/crls/root.crl", host)
    assert (status, media_type) == (200, "application/pkix-crl")
    assert body == (nginx.export / "crls" / "root.crl").read_bytes()
    crl = x509.load_der_x509_crl(body)
    root = x509.load_pem_x509_certificate((nginx.export / "certs" / "root.pem").read_bytes())
    assert crl.issuer == root.subject
    key = root.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    assert crl.is_signature_valid(key)


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/certs/root.pem", "application/x-pem-file"),
        ("/certs/root.crt", "application/pkix-cert"),
        (f"/certs/{INTERMEDIATE}.chain.pem", "application/x-pem-file"),
    ],
)
def test_nginx_serves_the_certificates(nginx: Site, path: str, media_type: str) -> None:
    status, got_type, body = fetch(nginx.port, path, f"crl.test:{nginx.port}")
    assert (status, got_type) == (200, media_type)
    assert body == (nginx.export / path.lstrip("/")).read_bytes()


def test_nginx_serves_nothing_else(nginx: Site) -> None:
    host = f"crl.test:{nginx.port}"
    (nginx.web_root / "private.txt").write_text("not for the web\n", encoding="utf-8")
    assert (nginx.web_root / "crls" / "root.crl").is_file()
    for path in ("/private.txt", "/crls/other.crl", "/", "/certs/"):
        assert fetch(nginx.port, path, host)[0] == 404, path
    # another Host reaches the catch-all: the 200s above came from the generated server_name
    assert fetch(nginx.port, "/crls/root.crl", "other.test")[0] == 421


# --- the freshness check on a real CRL -----------------------------------------------------


def next_update(crl_file: Path) -> int:
    crl = x509.load_der_x509_crl(crl_file.read_bytes())
    moment = crl.next_update_utc
    assert moment is not None
    return int(moment.timestamp())


def check(s: Site, crl_file: Path, now: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PKISPEC_CRL_FILE": str(crl_file), "PKISPEC_NOW": str(now)}
    return run([s.bundle / CHECK], env=env)


def test_check_passes_a_fresh_crl(site: Site) -> None:
    crl = site.web_root / "crls" / "root.crl"
    done = check(site, crl, int(time.time()))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("ok: ")
    # the last day before the due window is still fine
    assert check(site, crl, next_update(crl) - DUE_SECONDS - DAY).returncode == 0


def test_check_warns_when_due(site: Site) -> None:
    crl = site.web_root / "crls" / "root.crl"
    done = check(site, crl, next_update(crl) - DUE_SECONDS + DAY)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "warning" in done.stderr
    assert "05-root-crl.sh" in done.stderr  # offline renewal: the advice names the ceremony


def test_check_fails_an_expired_crl(site: Site) -> None:
    crl = site.web_root / "crls" / "root.crl"
    done = check(site, crl, next_update(crl) + 1)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "expired" in done.stderr


def test_check_fails_a_missing_crl(site: Site) -> None:
    done = check(site, site.web_root / "crls" / "missing.crl", int(time.time()))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "cannot read" in done.stderr


def test_ceremony_crl_validity_matches_the_spec(site: Site) -> None:
    crl = x509.load_der_x509_crl((site.export / "crls" / "root.crl").read_bytes())
    assert crl.next_update_utc is not None
    assert crl.next_update_utc - crl.last_update_utc == dt.timedelta(days=180)


# --- systemd-analyze verify ------------------------------------------------------------


@pytest.fixture(scope="module")
def automatic_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("automatic")
    text = spec_text(port=8080, web_root=Path("/var/www/html"), renewal=AUTOMATIC, name="autorenew")
    return materialize(compile_text(text, work), work / "bundle")


@pytest.fixture(scope="module")
def edge_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every proxy and device: nginx with its CRL refresh unit, all trust targets."""
    work = tmp_path_factory.mktemp("edge")
    return materialize(
        compile_checked(ROOT / "tests" / "golden" / "edge" / "spec.yaml"), work / "bundle"
    )


@pytest.fixture(scope="module")
def token_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """step-ca's key on a token: its unit starts step-ca without a password file."""
    work = tmp_path_factory.mktemp("softhsm")
    return materialize(
        compile_checked(ROOT / "tests" / "golden" / "softhsm" / "spec.yaml"), work / "bundle"
    )


BUNDLES = ("example_bundle", "automatic_bundle", "edge_bundle", "token_bundle")
EXPECTED_UNITS = {
    "example_bundle": {
        "pkispec-homelab-crl-check.service",
        "pkispec-homelab-crl-check.timer",
        "step-ca.service",
    },
    "automatic_bundle": {
        f"pkispec-autorenew-crl-{kind}.{suffix}"
        for kind in ("check", "renew")
        for suffix in ("service", "timer")
    },
    "edge_bundle": {
        "pkispec-oneill-crl-check.service",
        "pkispec-oneill-crl-check.timer",
        "pkispec-oneill-nginx-crls.service",
        "pkispec-oneill-nginx-crls.timer",
        "pkispec-oneill-nginx-certificate.service",
        "pkispec-oneill-nginx-certificate.timer",
        "pkispec-oneill-ssh-renew.service",
        "pkispec-oneill-ssh-renew.timer",
        "step-ca.service",
    },
    "token_bundle": {
        "pkispec-softhsm-crl-check.service",
        "pkispec-softhsm-crl-check.timer",
        "step-ca.service",
    },
}


#: programs a unit runs that come from their own package (Smallstep's step-ca, certbot)
EXTERNAL = {"step-ca", "certbot"}
#: programs the units run that the bundle keeps elsewhere than beside them, in sbin/
INSTALLED_FROM = {"pkispec-oneill-ssh-certificate": "devices/issue-certificate.py"}


def system_unit_dir() -> Path:
    """The distribution's units (sysinit.target, timers.target...) the root needs."""
    for folder in (Path("/usr/lib/systemd/system"), Path("/lib/systemd/system")):
        if (folder / "sysinit.target").is_file():
            return folder
    pytest.fail("no systemd unit directory with sysinit.target on this machine")


def exec_start(unit: Path) -> Path | None:
    for line in unit.read_text(encoding="utf-8").splitlines():
        if line.startswith("ExecStart="):
            return Path(line.removeprefix("ExecStart=").split()[0])
    return None


def install_root(bundle: Path, root: Path) -> list[Path]:
    """Lay the units and their scripts out under root at their install paths, unchanged."""
    shutil.copytree(system_unit_dir(), root / "usr" / "lib" / "systemd" / "system", symlinks=True)
    units_dir = root / "etc" / "systemd" / "system"
    units_dir.mkdir(parents=True)
    systemctl = root / "usr" / "bin" / "systemctl"  # systemd's own, where any unit runs
    systemctl.parent.mkdir(parents=True)
    systemctl.write_text("#!/bin/sh\n", encoding="utf-8")
    systemctl.chmod(0o755)
    units = []
    for unit in sorted(bundle.glob("**/systemd/*")):
        units.append(Path(shutil.copy2(unit, units_dir)))
        binary = exec_start(unit)
        if binary is None:
            continue
        target = root / binary.relative_to("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if binary.name in EXTERNAL:  # installed from its own package, not from the bundle
            target.write_text("#!/bin/sh\n", encoding="utf-8")
            target.chmod(0o755)
            continue
        script = unit.parent.parent / "sbin" / binary.name
        if binary.name in INSTALLED_FROM:  # install-ssh-host.sh installs the SSH tool
            script = bundle / INSTALLED_FROM[binary.name]
        assert script.is_file(), f"{unit.name} runs {binary}, which the bundle lacks"
        shutil.copy2(script, target)
    return units


@pytest.mark.parametrize("bundle_fixture", BUNDLES)
def test_systemd_accepts_the_units(
    bundle_fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    tool = require("systemd-analyze")
    bundle: Path = request.getfixturevalue(bundle_fixture)
    units = install_root(bundle, tmp_path / "root")
    assert {u.name for u in units} == EXPECTED_UNITS[bundle_fixture]
    done = run([tool, "verify", f"--root={tmp_path / 'root'}", *units])
    # verify exits 0 even on unknown keys: anything it prints is a failure
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "")


def test_systemd_check_catches_a_missing_binary(example_bundle: Path, tmp_path: Path) -> None:
    """The root really is where verify looks: without the script, it fails."""
    tool = require("systemd-analyze")
    units = install_root(example_bundle, tmp_path / "root")
    for script in (tmp_path / "root").glob("usr/local/sbin/*"):
        script.unlink()
    done = run([tool, "verify", f"--root={tmp_path / 'root'}", *units])
    assert done.returncode != 0
    assert "is not executable" in done.stderr


# --- shellcheck ------------------------------------------------------------------------


def scripts_of(bundle: Path) -> list[Path]:
    """Every shell script of the bundle (the Python ones: test_python_scripts_compile)."""
    found = set(bundle.rglob("*.sh")) | {
        p for sbin in bundle.glob("**/sbin") for p in sbin.iterdir()
    }
    executables = {
        p for p in bundle.rglob("*") if p.is_file() and os.access(p, os.X_OK) and p.suffix != ".py"
    }
    assert executables <= found, f"scripts not checked: {sorted(executables - found)}"
    return sorted(found)


def test_python_scripts_compile(example_bundle: Path) -> None:
    """mypy --strict checks them too, through their golden copies (test_quality)."""
    scripts = sorted(example_bundle.rglob("*.py"))
    assert scripts, "the example has a JWK provisioner, so add-jwk-provisioner.py"
    for script in scripts:
        assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env python3\n")
        compile(script.read_text(encoding="utf-8"), str(script), "exec")


@pytest.mark.parametrize("bundle_fixture", BUNDLES)
def test_shellcheck_passes_every_script(
    bundle_fixture: str, request: pytest.FixtureRequest
) -> None:
    tool = require("shellcheck")
    bundle: Path = request.getfixturevalue(bundle_fixture)
    scripts = scripts_of(bundle)
    names = {p.name for p in scripts}
    assert {"pkispec-lib.sh", *CEREMONY[:2], "publish-crl.sh"} <= names
    assert any(n.endswith("-crl-check") for n in names)
    if bundle_fixture == "automatic_bundle":
        assert "pkispec-autorenew-crl-renew" in names
    failures = []
    for script in scripts:
        done = run([tool, "-x", script.name], cwd=script.parent)
        if done.returncode != 0 or done.stdout or done.stderr:
            failures.append(f"{script.relative_to(bundle)}:\n{done.stdout}{done.stderr}")
    assert not failures, "\n".join(failures)


# --- the guide's automatic renewal, when a spec asks for it ---------------------------------


def test_automatic_renewal_resigns_only_when_due(tmp_path: Path) -> None:
    require("openssl")
    text = spec_text(port=8080, web_root=tmp_path / "www", renewal=AUTOMATIC, name="autorenew")
    bundle = materialize(compile_text(text, tmp_path), tmp_path / "bundle")
    env = ceremony_env(tmp_path)
    for script in CEREMONY:
        run_ok([bundle / "offline" / "ceremony" / script], env)
    run_ok([bundle / "crl-host" / "publish-crl.sh", tmp_path / "export"], env)
    published = tmp_path / "www" / "crls" / "root.crl"
    first = published.read_bytes()
    renew = bundle / "crl-host" / "sbin" / "pkispec-autorenew-crl-renew"

    not_due = run([renew], env=env)
    assert not_due.returncode == 0, not_due.stderr
    assert published.read_bytes() == first

    due_now = next_update(published) - DUE_SECONDS + DAY
    renewed = run([renew], env={**env, "PKISPEC_NOW": str(due_now)})
    assert renewed.returncode == 0, renewed.stdout + renewed.stderr
    assert "re-signing the root CRL" in renewed.stdout
    old = x509.load_der_x509_crl(first)
    new = x509.load_der_x509_crl(published.read_bytes())
    number = x509.CRLNumber
    assert (
        new.extensions.get_extension_for_class(number).value.crl_number
        == old.extensions.get_extension_for_class(number).value.crl_number + 1
    )
    root = x509.load_pem_x509_certificate((tmp_path / "ca" / "certs" / "ca.pem").read_bytes())
    assert new.is_signature_valid(root.public_key())  # type: ignore[arg-type]

    # another copy of the CA signed a CRL (here: our crlnumber set back): renewal refuses
    (tmp_path / "ca" / "crlnumber").write_text("1000\n", encoding="utf-8")
    refused = run([renew], env={**env, "PKISPEC_NOW": str(next_update(published) - DAY)})
    assert refused.returncode == 1
    assert "not re-signing" in refused.stderr
