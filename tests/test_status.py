"""`pkispec status`: what expires when, from a real ceremony's committed root, intermediate
and CRL, judged at moments computed from those certificates and the spec's durations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ceremony_run import Ceremony
from committed_pki import CommittedPki, commit_example
from conftest import EXAMPLE, ROOT, require
from pkispec.cli import main
from pkispec.errors import SpecError
from pkispec.plan import make_plan
from pkispec.spec import load
from pkispec.status import ROOT_DUE

SECOND = timedelta(seconds=1)
ROOT_ITEM, INTER, CRL = "root:root", "intermediate:intermediate", "crl:root"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> CommittedPki:
    return commit_example(tmp_path_factory.mktemp("status"))


@pytest.fixture(scope="module")
def no_crl(pki: CommittedPki) -> Path:
    """The spec without its committed CRL: the intermediate's own states decide."""
    return pki.variant("nocrl.pki.yaml", "    file: root.crl\n", "")


def at(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def crl_due_window(spec_file: Path) -> timedelta:
    """validity - renew_every, from the spec (the CRL host's check uses the same)."""
    crl = load(spec_file).spec.root.crl
    return timedelta(seconds=crl.validity.seconds - crl.renew_every.seconds)


def renew_before(spec_file: Path) -> timedelta:
    return timedelta(seconds=load(spec_file).spec.intermediates[0].renewal_window.seconds)


def status_json(
    capsys: pytest.CaptureFixture[str], spec_file: Path, now: datetime
) -> tuple[int, dict[str, Any]]:
    code = main(["status", str(spec_file), "--json", "--now", at(now)])
    out, err = capsys.readouterr()
    assert err == ""
    return code, json.loads(out)  # nothing but the document on stdout


def states(doc: dict[str, Any]) -> dict[str, str]:
    return {f"{item['kind']}:{item['name']}": item["state"] for item in doc["items"]}


def text_states(out: str) -> dict[str, str]:
    """The human lines: state, then the item's label."""
    *lines, _summary = out.splitlines()
    found = {}
    for line in lines:
        state, label = line.split()[0], line[9:].split("  ")[0]
        found[label] = state
    return found


def test_just_after_the_ceremony_everything_is_ok(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    now = pki.crl.last_update_utc + timedelta(hours=1)
    assert main(["status", str(pki.spec_file), "--now", at(now)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert text_states(out) == {"root": "ok", "intermediate 'intermediate'": "ok", "root CRL": "ok"}
    lines = out.splitlines()
    assert f"valid until {at(pki.root.not_valid_after_utc)}" in lines[0]
    assert f"valid until {at(pki.intermediate.not_valid_after_utc)}" in lines[1]
    assert pki.crl.next_update_utc is not None
    due_from = pki.crl.next_update_utc - crl_due_window(pki.spec_file)
    assert f"valid until {at(pki.crl.next_update_utc)}" in lines[2]
    assert f"due from {at(due_from)}" in lines[2]
    assert lines[3] == f"homelab: ok at {at(now)} (3 ok)"
    # the columns line up: every message starts at the same column
    assert len({line.index("valid until") for line in lines[:3]}) == 1


def test_the_crl_is_due_when_less_than_validity_minus_renew_every_is_left(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pki.crl.next_update_utc is not None
    due_from = pki.crl.next_update_utc - crl_due_window(pki.spec_file)
    code, doc = status_json(capsys, pki.spec_file, due_from - SECOND)
    assert (code, states(doc)) == (0, {ROOT_ITEM: "ok", INTER: "ok", CRL: "ok"})
    code, doc = status_json(capsys, pki.spec_file, due_from + timedelta(hours=1))
    assert (code, states(doc)) == (1, {ROOT_ITEM: "ok", INTER: "ok", CRL: "due"})
    assert doc["state"] == "due"
    crl = doc["items"][2]
    assert crl["next_update"] == at(pki.crl.next_update_utc)
    assert crl["days_left"] == crl_due_window(pki.spec_file).days - 1
    assert crl["file"] == "root.crl"
    assert "re-sign it and publish it at an offline ceremony" in crl["message"]


def test_a_crl_past_its_next_update_is_expired(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pki.crl.next_update_utc is not None
    code, doc = status_json(capsys, pki.spec_file, pki.crl.next_update_utc + SECOND)
    assert (code, states(doc)) == (3, {ROOT_ITEM: "ok", INTER: "ok", CRL: "expired"})
    assert doc["state"] == "expired"
    assert doc["items"][2]["days_left"] == -1


def test_status_and_the_crl_hosts_daily_check_agree_to_the_second(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    """The generated check script, run with openssl and date, says ok, due or expired at
    the same seconds as status."""
    require("openssl")
    check = pki.bundle / "crl-host" / "sbin" / "pkispec-homelab-crl-check"
    assert pki.crl.next_update_utc is not None
    nxt = pki.crl.next_update_utc
    due_from = nxt - crl_due_window(pki.spec_file)
    by_exit = {0: "ok", 1: "due", 2: "expired"}
    seen = []
    for moment in (due_from - SECOND, due_from, nxt - SECOND, nxt, nxt + SECOND):
        env = {
            **os.environ,
            "PKISPEC_CRL_FILE": str(pki.spec_file.parent / "root.crl"),
            "PKISPEC_NOW": str(int(moment.timestamp())),
        }
        done = subprocess.run(
            ["bash", str(check)], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode in by_exit, done.stderr
        _, doc = status_json(capsys, pki.spec_file, moment)
        seen.append((by_exit[done.returncode], states(doc)[CRL]))
    assert seen == [
        ("ok", "ok"),
        ("due", "due"),
        ("due", "due"),
        ("expired", "expired"),
        ("expired", "expired"),
    ]


def test_the_intermediate_is_due_within_its_renew_before_and_then_expires(
    pki: CommittedPki, no_crl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    end = pki.intermediate.not_valid_after_utc
    window = renew_before(no_crl)
    code, doc = status_json(capsys, no_crl, end - window - SECOND)
    assert (code, states(doc)) == (0, {ROOT_ITEM: "ok", INTER: "ok", CRL: "unknown"})
    code, doc = status_json(capsys, no_crl, end - window + timedelta(days=1))
    assert (code, states(doc)) == (1, {ROOT_ITEM: "ok", INTER: "due", CRL: "unknown"})
    inter = doc["items"][1]
    assert inter["not_after"] == at(end)
    assert inter["days_left"] == window.days - 1
    assert "sign a new intermediate" in inter["message"]
    code, doc = status_json(capsys, no_crl, end + SECOND)
    assert (code, states(doc)) == (3, {ROOT_ITEM: "ok", INTER: "expired", CRL: "unknown"})
    # with the committed CRL, long expired by then, the intermediate is still judged
    code, doc = status_json(capsys, pki.spec_file, end - window + timedelta(days=1))
    assert (code, states(doc)) == (3, {ROOT_ITEM: "ok", INTER: "due", CRL: "expired"})


def test_the_root_is_due_two_years_before_it_expires(
    pki: CommittedPki, no_crl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ROOT_DUE.days == 730  # "2 years", as README and --help say
    end = pki.root.not_valid_after_utc
    window = timedelta(seconds=ROOT_DUE.seconds)
    expected = [
        (end - window - SECOND, "ok"),
        (end - window, "due"),
        (end - SECOND, "due"),
        (end, "expired"),
    ]
    for moment, state in expected:
        _, doc = status_json(capsys, no_crl, moment)
        assert doc["items"][0]["state"] == state, moment
    _, doc = status_json(capsys, no_crl, end - window)
    assert "bring it to every trust store" in doc["items"][0]["message"]


def test_a_changed_pathlen_is_drift_for_status_and_an_error_for_build(
    pki: CommittedPki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = pki.variant("pathlen.pki.yaml", "    pathlen: 0\n", "    pathlen: 1\n")
    now = pki.crl.last_update_utc + timedelta(hours=1)
    assert main(["status", str(changed), "--now", at(now)]) == 3
    out, _ = capsys.readouterr()
    assert text_states(out) == {
        "root": "ok",
        "intermediate 'intermediate'": "drift",
        "root CRL": "ok",
    }
    assert "does not match the spec: its path length is 0, the spec says 1" in out
    assert out.splitlines()[-1] == f"homelab: drift at {at(now)} (1 drift, 2 ok)"
    code, doc = status_json(capsys, changed, now)
    assert (code, doc["state"], states(doc)[INTER]) == (3, "drift", "drift")
    assert doc["items"][1]["not_after"] == at(pki.intermediate.not_valid_after_utc)
    # expired is worse than drift, for the report as for an item
    assert pki.crl.next_update_utc is not None
    code, doc = status_json(capsys, changed, pki.crl.next_update_utc)
    assert (code, doc["state"]) == (3, "expired")
    assert states(doc) == {ROOT_ITEM: "ok", INTER: "drift", CRL: "expired"}
    # build and validate refuse it as before
    assert main(["build", str(changed), "-o", str(tmp_path)]) == 2
    assert main(["validate", str(changed)]) == 2
    err = capsys.readouterr().err
    assert "error[PKI113]" in err and "its path length is 0, the spec says 1" in err
    assert not (tmp_path / "homelab").exists()


def test_load_reports_drift_only_when_asked(pki: CommittedPki) -> None:
    changed = pki.variant("pathlen.pki.yaml", "    pathlen: 0\n", "    pathlen: 1\n")
    with pytest.raises(SpecError):
        load(changed)
    checked = load(changed, drift="report")
    assert [(d.problem.code, d.problem.path) for d in checked.drift] == [
        ("PKI113", ("intermediates", 0, "certificate"))
    ]
    assert checked.warnings == []
    assert load(pki.spec_file, drift="report").drift == []


def test_other_errors_still_make_status_exit_2(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = pki.variant("missing.pki.yaml", "    file: root.crl\n", "    file: gone.crl\n")
    with pytest.raises(SpecError):
        load(missing, drift="report")
    assert main(["status", str(missing), "--now", "2030-01-01"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "error[PKI112]: cannot read the committed root CRL gone.crl" in err


def test_a_spec_without_committed_files_is_all_unknown_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["status", str(EXAMPLE), "--now", "2027-05-01"]) == 0
    out, _ = capsys.readouterr()
    assert text_states(out) == {
        "root": "unknown",
        "intermediate 'intermediate'": "unknown",
        "root CRL": "unknown",
    }
    assert "commit certs/root.pem of the export and set root.certificate" in out
    assert out.splitlines()[-1] == "homelab: unknown at 2027-05-01T00:00:00Z (3 unknown)"


def _write_crl(pki: CommittedPki, name: str, crl: x509.CertificateRevocationList) -> Path:
    (pki.spec_file.parent / name).write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return pki.variant(f"{name}.pki.yaml", "    file: root.crl\n", f"    file: {name}\n")


def test_a_crl_signed_by_another_key_is_drift(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same issuer name and dates as the real CRL, another key: openssl refuses it, and so
    does status."""
    assert pki.crl.next_update_utc is not None
    forged = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.crl.issuer)
        .last_update(pki.crl.last_update_utc)
        .next_update(pki.crl.next_update_utc)
        .sign(ec.generate_private_key(ec.SECP384R1()), hashes.SHA256())
    )
    spec_file = _write_crl(pki, "forged.crl", forged)
    root_pem = pki.spec_file.parent / "root.pem"
    for crl, verdict in (("root.crl", "verify OK"), ("forged.crl", "verify failure")):
        done = subprocess.run(
            [
                "openssl",
                "crl",
                "-inform",
                "DER",
                "-noout",
                "-in",
                str(pki.spec_file.parent / crl),
                "-CAfile",
                str(root_pem),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert verdict in done.stdout + done.stderr
    now = pki.crl.last_update_utc + timedelta(hours=1)
    code, doc = status_json(capsys, spec_file, now)
    assert (code, states(doc)) == (3, {ROOT_ITEM: "ok", INTER: "ok", CRL: "drift"})
    assert doc["items"][2]["message"].startswith("not signed by the committed root; ")
    # past its nextUpdate it is expired first, and still says it is not the root's
    code, doc = status_json(capsys, spec_file, pki.crl.next_update_utc)
    assert (code, states(doc)[CRL]) == (3, "expired")
    assert "not signed by the committed root" in doc["items"][2]["message"]


def test_a_pem_crl_is_read_too(pki: CommittedPki, capsys: pytest.CaptureFixture[str]) -> None:
    require("openssl")
    pem = pki.spec_file.parent / "root.crl.pem"
    subprocess.run(
        [
            "openssl",
            "crl",
            "-inform",
            "DER",
            "-in",
            str(pki.spec_file.parent / "root.crl"),
            "-outform",
            "PEM",
            "-out",
            str(pem),
        ],
        check=True,
    )
    spec_file = pki.variant("pem.pki.yaml", "    file: root.crl\n", "    file: root.crl.pem\n")
    assert pki.crl.next_update_utc is not None
    code, doc = status_json(capsys, spec_file, pki.crl.last_update_utc + timedelta(hours=1))
    assert (code, states(doc)[CRL]) == (0, "ok")
    assert doc["items"][2]["next_update"] == at(pki.crl.next_update_utc)


def test_a_file_that_is_no_crl_is_drift(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_file = pki.variant("nocrl-file.pki.yaml", "    file: root.crl\n", "    file: root.pem\n")
    code, doc = status_json(capsys, spec_file, pki.crl.last_update_utc)
    assert (code, states(doc)[CRL]) == (3, "drift")
    assert doc["items"][2]["message"] == "root.pem is no CRL (neither DER nor PEM)"


def test_json_carries_the_same_states_as_the_lines_in_a_stable_order(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pki.crl.next_update_utc is not None
    now = pki.crl.next_update_utc - timedelta(days=1)
    assert main(["status", str(pki.spec_file), "--now", at(now)]) == 1
    lines = text_states(capsys.readouterr().out)
    code, doc = status_json(capsys, pki.spec_file, now)
    assert code == 1
    assert list(doc) == ["spec", "now", "state", "items"]
    assert (doc["spec"], doc["now"], doc["state"]) == ("homelab", at(now), "due")
    labels = {"root": "root", "intermediate": "intermediate 'intermediate'", "crl": "root CRL"}
    assert {labels[i["kind"]]: i["state"] for i in doc["items"]} == lines
    for item in doc["items"]:
        assert list(item) == [
            "kind",
            "name",
            "file",
            "state",
            "message",
            "not_after",
            "next_update",
            "days_left",
        ]
    assert [i["kind"] for i in doc["items"]] == ["root", "intermediate", "crl"]


@pytest.mark.parametrize("when", ["tomorrow", "2027-13-01", "01.05.2027", ""])
def test_a_bad_now_exits_2_with_a_clear_message(
    when: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", str(EXAMPLE), "--now", when]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"error: --now: {when!r} is not an ISO 8601 date or date-time")
    assert "Traceback" not in err


def test_now_takes_dates_zones_and_assumes_utc(capsys: pytest.CaptureFixture[str]) -> None:
    for given, meant in (
        ("2027-05-01", "2027-05-01T00:00:00Z"),
        ("2027-05-01T12:00:00", "2027-05-01T12:00:00Z"),
        ("2027-05-01T12:00:00Z", "2027-05-01T12:00:00Z"),
        ("2027-05-01T14:00:00+02:00", "2027-05-01T12:00:00Z"),
    ):
        assert main(["status", str(EXAMPLE), "--json", "--now", given]) == 0
        assert json.loads(capsys.readouterr().out)["now"] == meant


def test_without_now_the_system_clock_decides(
    pki: CommittedPki, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ceremony ran minutes ago, so by the clock everything is ok."""
    before = datetime.now(UTC).replace(microsecond=0)
    assert main(["status", str(pki.spec_file), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    now = datetime.fromisoformat(doc["now"])
    assert before <= now <= datetime.now(UTC)
    assert set(states(doc).values()) == {"ok"}


def test_a_ci_job_sees_the_exit_status(pki: CommittedPki) -> None:
    """The installed command in a real process, as a CI job or a monitoring check runs it."""
    assert pki.crl.next_update_utc is not None
    due = pki.crl.next_update_utc - timedelta(days=1)
    command = [sys.executable, "-m", "pkispec", "status", str(pki.spec_file)]
    done = subprocess.run(
        [*command, "--now", at(due)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[-1] == f"homelab: due at {at(due)} (1 due, 2 ok)"
    done = subprocess.run(
        [*command, "--json", "--now", at(due + timedelta(days=2))],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 3
    assert json.loads(done.stdout)["state"] == "expired"
    done = subprocess.run(
        [*command, "--now", "soon"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert (done.returncode, done.stdout) == (2, "")


# --- a revoked intermediate ---------------------------------------------------------------

SUCCESSOR = """  - name: successor
    common_name: vlan.party Intermediate CA 2
    lifetime: 3652d
    name_constraints:
      permitted_dns: [vlan.party]

ceremony:"""


@pytest.fixture(scope="module")
def revoked(tmp_path_factory: pytest.TempPathFactory) -> tuple[CommittedPki, Path]:
    """A ceremony whose intermediate the real revoke script revoked: its CRL, committed
    beside the spec as revoked.crl."""
    work = tmp_path_factory.mktemp("revoked")
    pki = commit_example(work)
    ceremony = Ceremony(pki.bundle, work / "ceremony", make_plan(load(EXAMPLE).spec))
    ceremony.run("revoke-intermediate.sh", "keyCompromise")
    ceremony.run("06-export.sh")
    revoked_crl = pki.spec_file.with_name("revoked.crl")
    revoked_crl.write_bytes((ceremony.export / "crls" / "root.crl").read_bytes())
    return pki, revoked_crl


def marked_revoked(pki: CommittedPki, name: str, crl: str) -> Path:
    """The spec with its intermediate marked revoked, a successor signing, and `crl`."""
    text = pki.spec_file.read_text(encoding="utf-8")
    text = text.replace(
        "    certificate: intermediate.pem\n",
        "    certificate: "
        "intermediate.pem\n    revoked: {date: 2026-12-01, reason: "
        "keyCompromise}\n",
        1,
    )
    text = text.replace("\nceremony:", "\n" + SUCCESSOR, 1)
    text = text.replace("  intermediate: intermediate\n", "  intermediate: successor\n", 1)
    text = text.replace("    file: root.crl\n", f"    file: {crl}\n", 1)
    path = pki.spec_file.with_name(name)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_intermediate_the_crl_revokes_and_the_spec_trusts_is_drift(
    revoked: tuple[CommittedPki, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pki, _ = revoked
    spec = pki.variant("trusting.pki.yaml", "    file: root.crl\n", "    file: revoked.crl\n")
    now = pki.crl.last_update_utc + timedelta(days=1)
    code, doc = status_json(capsys, spec, now)
    assert (code, states(doc)[INTER]) == (3, "drift")
    item = next(i for i in doc["items"] if i["kind"] == "intermediate")
    assert "lists it as revoked" in item["message"]
    assert "the spec still trusts it" in item["message"]


def test_a_revocation_both_sides_know_is_revoked_and_exits_0(
    revoked: tuple[CommittedPki, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pki, crl_file = revoked
    spec = marked_revoked(pki, "revoked.pki.yaml", crl_file.name)
    crl = x509.load_der_x509_crl(crl_file.read_bytes())
    entry = crl.get_revoked_certificate_by_serial_number(pki.intermediate.serial_number)
    assert entry is not None
    code, doc = status_json(capsys, spec, crl.last_update_utc + timedelta(days=1))
    assert states(doc) == {
        ROOT_ITEM: "ok",
        INTER: "revoked",
        "intermediate:successor": "unknown",
        CRL: "ok",
    }
    assert code == 0
    item = next(i for i in doc["items"] if i["name"] == "intermediate")
    assert f"revoked at {at(entry.revocation_date_utc)} (keyCompromise)" in item["message"]


def test_a_revocation_the_committed_crl_does_not_show_yet_is_due(
    revoked: tuple[CommittedPki, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pki, _ = revoked
    spec = marked_revoked(pki, "pending.pki.yaml", "root.crl")
    code, doc = status_json(capsys, spec, pki.crl.last_update_utc + timedelta(days=1))
    assert (code, states(doc)[INTER]) == (1, "due")
    item = next(i for i in doc["items"] if i["name"] == "intermediate")
    assert "does not list it yet" in item["message"]
