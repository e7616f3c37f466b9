"""`pkispec diff` and `build --check` in a real git repository made by each test.

The repository holds the example spec, committed, then changed the way a person changes
it: a client added, the ACME provisioner's certificates (and Traefik's with them)
shortened to 12 hours, the intermediate's lifetime halved. The printed file changes are
a patch that git applies to the old bundle to give the new one; the meaning above them
comes from the specs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from cryptography.hazmat.primitives import hashes

from conftest import EXAMPLE, ROOT, materialize, require
from pkispec.artifact import Artifact
from pkispec.cli import main
from pkispec.review import diff_files

SPEC = "pki/homelab.pki.yaml"
CHANGES = (
    ("    lifetime: 3652d            # 10 years", "    lifetime: 1826d            # 5 years"),
    (
        "      name: acme-z9w4d11j\n      challenges: [http-01, dns-01, tls-alpn-01]\n",
        "      name: acme-z9w4d11j\n      challenges: [http-01, dns-01, tls-alpn-01]\n"
        "      claims:\n        default_tls_cert_duration: 12h\n",
    ),
    ("    certificates_duration: 24h", "    certificates_duration: 12h"),
    (
        "\ntrust:",
        "  - kind: windows-tpm\n    name: My Laptop\n    provisioner: derlev\n"
        "    lifetime: 7d\n"
        "\ntrust:",
    ),
)
NEW_CLIENT_FILE = "devices/windows/my-laptop.inf"
#: the lines of the example's phone after its provisioner: the whole entry goes when removed
PHONE_LIFETIME = (
    "    # a week, renewed by hand (issue-certificate.py --renew): Traefik "
    "checks no CRL, so a\n    # lost phone keeps access until its certificate "
    "ends (longer lifetimes warn, PKW003)\n    lifetime: 7d\n"
)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        [require("git"), *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def edit(spec: Path, changes: tuple[tuple[str, str], ...] = CHANGES) -> None:
    text = spec.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the example spec committed in pki/; git never looks above
    tmp_path, and no git variable of the caller's environment leaks in."""
    require("git")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))  # no global configuration of the user
    root = tmp_path / "repo"
    (root / "pki").mkdir(parents=True)
    git(root, "init", "-q")
    git(root, "config", "user.name", "pkispec tests")
    git(root, "config", "user.email", "tests@pkispec.invalid")
    shutil.copyfile(EXAMPLE, root / SPEC)
    commit(root, "the example")
    return root


def changed(repo: Path) -> Path:
    """The example changed as this module's docstring says, and committed."""
    edit(repo / SPEC)
    commit(repo, "a laptop, 12-hour certificates, a 5-year intermediate")
    return repo


def meaning_and_files(out: str) -> tuple[str, str]:
    meaning, sep, files = out.partition("\nFiles: ")
    assert sep, out
    return meaning, "Files: " + files


def build(spec: Path, where: Path) -> Path:
    assert main(["build", str(spec), "-o", str(where)]) == 0
    return where / "homelab"


def test_diff_rev_explains_the_change_and_its_patch_gives_the_new_bundle(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    changed(repo)
    monkeypatch.chdir(repo / "pki")
    assert main(["diff", "--rev", "HEAD~1", "homelab.pki.yaml"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    meaning, files = meaning_and_files(out)
    assert "client 'My Laptop' added (Windows TPM key, provisioner derlev)" in meaning
    assert (
        "provisioner 'acme-z9w4d11j': default certificate duration shortened from 24h to 12h"
    ) in meaning
    assert "proxy Traefik: certificates_duration 24h -> 12h" in meaning
    assert "intermediate 'intermediate': lifetime shortened from 3652d to 1826d" in meaning
    assert (
        "intermediate 'intermediate' (lifetime): needs the intermediate 'intermediate' "
        "re-signed at an offline ceremony (offline/ceremony/03-intermediate-request.sh, "
        "04-intermediate-sign.sh), then step-ca cut over to it (PKISPEC_CUT_OVER=1, "
        "RUNBOOK.md section 9)"
    ) in meaning
    assert "ca.json changed: install-step-ca.sh keeps an installed ca.json" in meaning
    assert not [line for line in meaning.splitlines() if line.startswith("  - root")]
    assert f"  added: {NEW_CLIENT_FILE}\n" in files
    assert f"--- /dev/null\n+++ b/{NEW_CLIENT_FILE}\n" in files
    assert "--- a/ca-server/step/config/ca.json\n+++ b/ca-server/step/config/ca.json\n" in files
    assert files.rstrip().endswith(
        "Files a/SHA256SUMS and b/SHA256SUMS differ (hashes of the files above)"
    )

    # the old bundle, built from git's own copy of the old spec, patched by git with the
    # printed diff, is the new bundle; its SHA256SUMS is the only file left to replace
    old_spec = tmp_path / "old.pki.yaml"
    old_spec.write_text(git(repo, "show", f"HEAD~1:{SPEC}"), encoding="utf-8")
    old, new = build(old_spec, tmp_path / "old"), build(repo / SPEC, tmp_path / "new")
    (tmp_path / "printed.diff").write_text(out, encoding="utf-8")
    git(old, "apply", str(tmp_path / "printed.diff"))
    files_of = {p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()}
    assert files_of == {p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()}
    assert [
        name for name in sorted(files_of) if (old / name).read_bytes() != (new / name).read_bytes()
    ] == ["SHA256SUMS"]
    shutil.copyfile(new / "SHA256SUMS", old / "SHA256SUMS")
    subprocess.run([require("sha256sum"), "--quiet", "-c", "SHA256SUMS"], cwd=old, check=True)


def test_diff_rev_of_the_committed_spec_says_identical(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    changed(repo)
    monkeypatch.chdir(repo)
    assert main(["diff", "--rev", "HEAD", SPEC]) == 0
    assert capsys.readouterr().out == (f"the bundles of HEAD:{SPEC} and {SPEC} are identical\n")


def test_diff_of_two_files_says_what_diff_rev_says(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    changed(repo)
    monkeypatch.chdir(repo)
    assert main(["diff", "--rev", "HEAD~1", SPEC]) == 1
    by_rev = capsys.readouterr().out
    old = tmp_path / "old.pki.yaml"
    old.write_text(git(repo, "show", f"HEAD~1:{SPEC}"), encoding="utf-8")
    assert main(["diff", str(old), SPEC]) == 1
    assert capsys.readouterr().out == by_rev
    assert main(["diff", SPEC, SPEC]) == 0
    assert capsys.readouterr().out == f"the bundles of {SPEC} and {SPEC} are identical\n"


def test_a_new_root_common_name_needs_a_root_ceremony(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        repo / SPEC, (("common_name: vlan.party Root CA\n", "common_name: vlan.party Root CA 2\n"),)
    )
    monkeypatch.chdir(repo)
    assert main(["diff", "--rev", "HEAD", SPEC]) == 1
    meaning, files = meaning_and_files(capsys.readouterr().out)
    assert "root: common name 'vlan.party Root CA' -> 'vlan.party Root CA 2'" in meaning
    assert (
        "root (common name): needs a new root ceremony and redistribution of the root "
        "to every trust store"
    ) in meaning
    # its intermediate is then signed by a new root
    assert "intermediate 'intermediate' (a new root): needs the intermediate" in meaning
    assert "changed: offline/openssl/root.cnf" in files


def test_build_check_in_a_repository_names_stale_files_until_rebuilt(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    assert main(["build", SPEC, "-o", "pki/bundle"]) == 0
    commit(repo, "the bundle")
    edit(repo / SPEC)
    capsys.readouterr()
    assert main(["build", "--check", SPEC, "-o", "pki/bundle"]) == 1
    out, err = capsys.readouterr()
    assert "changed: ca-server/step/config/ca.json" in out.splitlines()
    assert f"missing: {NEW_CLIENT_FILE}" in out.splitlines()
    assert "pki/bundle/homelab is stale: run pkispec build" in err
    assert main(["build", SPEC, "-o", "pki/bundle"]) == 0
    assert main(["build", "--check", SPEC, "-o", "pki/bundle"]) == 0
    assert f"added:   {NEW_CLIENT_FILE}" not in capsys.readouterr().out
    commit(repo, "the change and its bundle")
    # what a CI job sees: a fresh clone (modes as git keeps them), and the exit codes
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    check = [sys.executable, "-m", "pkispec", "build", "--check", SPEC, "-o", "pki/bundle"]
    proc = subprocess.run(check, cwd=clone, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    (clone / "pki" / "bundle" / "homelab" / "RUNBOOK.md").write_text("edited by hand\n")
    proc = subprocess.run(check, cwd=clone, capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout.splitlines()[0]) == (1, "changed: RUNBOOK.md")


def test_exit_codes_of_the_real_command(repo: Path) -> None:
    """0 identical, 1 different, 2 bad input: what a CI job or a git alias sees."""
    changed(repo)
    spec = str(repo / SPEC)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pkispec", "diff", *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=repo / "pki",
        )

    assert run("--rev", "HEAD", spec).returncode == 0
    differ = run("--rev", "HEAD~1", spec)
    assert (differ.returncode, differ.stderr) == (1, "")
    assert f"+++ b/{NEW_CLIENT_FILE}" in differ.stdout
    bad = run("--rev", "HEAD~5", spec)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: 'HEAD~5' is no revision of the git repository ")
    assert len(bad.stderr.splitlines()) == 1


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    return err.strip()


def test_git_problems_are_one_clear_line(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    assert one_line_error(capsys, ["diff", "--rev", "no-such-branch", SPEC]) == (
        f"error: 'no-such-branch' is no revision of the git repository {repo}"
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(EXAMPLE, outside / "homelab.pki.yaml")
    assert one_line_error(
        capsys, ["diff", "--rev", "HEAD", str(outside / "homelab.pki.yaml")]
    ).startswith(
        f"error: {outside}/homelab.pki.yaml is not in a git repository (git: not a git repository"
    )
    shutil.copyfile(EXAMPLE, repo / "pki" / "new.pki.yaml")  # not committed yet
    assert one_line_error(capsys, ["diff", "--rev", "HEAD", "pki/new.pki.yaml"]) == (
        "error: HEAD:pki/new.pki.yaml: revision HEAD has no file pki/new.pki.yaml"
    )
    assert one_line_error(capsys, ["diff", SPEC]) == (
        "error: name two specs: pkispec diff OLD NEW, or pkispec diff --rev REV SPEC"
    )


def test_an_invalid_old_spec_is_located_at_its_revision(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / SPEC, (("    lifetime: 3652d ", "    lifetime: 10 years"),))
    commit(repo, "a lifetime pkispec cannot read")
    text = (repo / SPEC).read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(text, 1) if row.startswith("    lifetime: 10 years"))
    shutil.copyfile(EXAMPLE, repo / SPEC)
    commit(repo, "fixed")
    monkeypatch.chdir(repo)
    assert main(["diff", "--rev", "HEAD~1", SPEC]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.startswith(f"HEAD~1:{SPEC}:{line}:15: error[PKI006]: ")
    # two files: each one's problems in its own name, both at once
    broken = tmp_path / "broken.pki.yaml"
    broken.write_text(git(repo, "show", f"HEAD~1:{SPEC}"), encoding="utf-8")
    assert main(["diff", str(broken), str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.count(f"{broken}:{line}:15: error[PKI006]: ") == 2


def test_the_old_sides_committed_root_comes_from_the_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spec in its second phase (the files of a real ceremony committed beside it); the
    next commit goes back to the first phase and deletes them. The old side can only be
    read from git."""
    from committed_pki import commit_example

    require("git")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    pki = commit_example(tmp_path)
    repo = pki.spec_file.parent
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "pkispec tests")
    git(repo, "config", "user.email", "tests@pkispec.invalid")
    commit(repo, "after the ceremony")
    fingerprint = pki.root.fingerprint(hashes.SHA256()).hex()
    for name in ("root.pem", "intermediate.pem", "root.crl"):
        (repo / name).unlink()
    shutil.copyfile(EXAMPLE, pki.spec_file)
    commit(repo, "back to the first phase")
    monkeypatch.chdir(repo)
    assert main(["diff", "--rev", "HEAD~1", "homelab.pki.yaml"]) == 1
    meaning, files = meaning_and_files(capsys.readouterr().out)
    for said in (
        "root: no committed certificate any more",
        f"root: fingerprint {fingerprint} -> (none)",
        "root CRL: no committed CRL any more",
        "intermediate 'intermediate': no committed certificate any more",
    ):
        assert f"  - {said}\n" in meaning
    assert "  removed: trust/apple/homelab-root.mobileconfig\n" in files
    linux = files.partition("--- a/trust/linux/install-root.sh\n")[2].partition("\n\n")[0]
    assert [line for line in linux.splitlines() if line.startswith("-") and fingerprint in line]


def test_every_kind_of_change_has_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.pki.yaml"
    shutil.copyfile(EXAMPLE, new)
    edit(
        new,
        (
            (
                "  - name: intermediate\n",
                "  - name: second\n    common_name: vlan.party CA 2\n"
                "    lifetime: 5y\n  - name: intermediate\n",
            ),
            ("    validity: 180d", "    validity: 120d"),
            ("version: 0.26.1", "version: 0.27.0"),
            ("      challenges: [http-01, dns-01, tls-alpn-01]", "      challenges: [dns-01]"),
            (
                "  - kind: pkcs12\n    name: My Android Phone\n    platform: android\n"
                "    provisioner: derlev\n" + PHONE_LIFETIME,
                "",
            ),
            ("    key_algorithm: ECDSA_P384", "    key_algorithm: RSA"),
            (
                "      client_auth_type: RequireAndVerifyClientCert",
                "      client_auth_type: VerifyClientCertIfGiven",
            ),
            ("  targets: [linux, windows, apple, android]", "  targets: [linux, firefox]"),
        ),
    )
    assert main(["diff", str(EXAMPLE), str(new)]) == 1
    meaning, _ = meaning_and_files(capsys.readouterr().out)
    for said in (
        "intermediate 'second' added",
        "root CRL validity shortened from 180d to 120d",
        "step-ca: version 0.26.1 -> 0.27.0",
        "provisioner 'acme-z9w4d11j': challenges [http-01, dns-01, tls-alpn-01] -> [dns-01]",
        "client 'My Android Phone' removed (a certificate it holds stays valid until it "
        "expires or is revoked)",
        "client 'My Desktop' changed: key_algorithm ECDSA_P384 -> RSA",
        "proxy Traefik: mtls.client_auth_type RequireAndVerifyClientCert -> "
        "VerifyClientCertIfGiven",
        "trust: targets [linux, windows, apple, android] -> [linux, firefox]",
        "intermediate 'second' is new: at an offline ceremony run "
        "offline/ceremony/01-prepare.sh (it keeps what exists), its request and sign "
        "steps (03-second-request.sh, 04-second-sign.sh), then 06-export.sh",
        "step-ca 0.26.1 -> 0.27.0: install that release on the CA host and restart step-ca",
        "root CRL validity or cadence: install the CRL host's check",
    ):
        assert f"  - {said}" in meaning, said
    assert "needs the intermediate 'intermediate' re-signed" not in meaning


def test_file_diffs_git_applies_and_what_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file without a last newline, one that gains it, one that is added: git applies
    the diff; data that is not UTF-8 is only said to differ."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # apply outside any repo
    old = [
        Artifact.text("a.txt", "one\ntwo"),
        Artifact.text("b.txt", "x\ny"),
        Artifact(PurePosixPath("c.bin"), b"\xff\x00\x01"),
    ]
    new = [
        Artifact.text("a.txt", "one\nthree"),
        Artifact.text("b.txt", "x\ny\n"),
        Artifact(PurePosixPath("c.bin"), b"\xff\x00\x02"),
        Artifact.text("d/e.txt", "new\n"),
    ]
    lines = diff_files(old, new)
    assert lines[:6] == [
        "Files: 1 added, 0 removed, 3 changed",
        "  changed: a.txt",
        "  changed: b.txt",
        "  changed: c.bin",
        "  added: d/e.txt",
        "",
    ]
    assert "Binary files a/c.bin and b/c.bin differ" in lines
    tree = materialize([a for a in old if a.path.suffix == ".txt"], tmp_path / "tree")
    (tmp_path / "text.diff").write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(tree, "apply", "--exclude=c.bin", str(tmp_path / "text.diff"))
    for artifact in new:
        if artifact.path.suffix == ".txt":
            assert (tree / artifact.path).read_bytes() == artifact.data, artifact.path
    assert diff_files(new, list(reversed(new))) == []


def test_moving_the_signer_asks_for_a_cut_over_not_a_new_ca_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The signing intermediate is not in ca.json: moving it needs PKISPEC_CUT_OVER."""
    old, new = tmp_path / "old.pki.yaml", tmp_path / "new.pki.yaml"
    shutil.copyfile(EXAMPLE, old)
    edit(
        old,
        (
            (
                "  - name: intermediate\n",
                "  - name: second\n    common_name: vlan.party "
                "CA 2\n    lifetime: 5y\n  - name: intermediate\n",
            ),
        ),
    )
    shutil.copyfile(old, new)
    edit(new, (("  intermediate: intermediate\n", "  intermediate: second\n"),))
    assert main(["diff", str(old), str(new)]) == 1
    meaning, _ = meaning_and_files(capsys.readouterr().out)
    assert "  - step-ca: signing intermediate 'intermediate' -> 'second'" in meaning
    assert "PKISPEC_CUT_OVER=1 ca-server/install-step-ca.sh" in meaning
    assert "ca.json changed" not in meaning


def test_a_revocation_says_to_follow_section_8_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    """The example, then the same PKI with its intermediate revoked and a successor."""
    revoked = ROOT / "tests" / "golden" / "revoked" / "spec.yaml"
    assert main(["diff", str(EXAMPLE), str(revoked)]) == 1
    meaning, _ = meaning_and_files(capsys.readouterr().out)
    assert "  - intermediate 'intermediate' revoked (keyCompromise, 2026-12-01)" in meaning
    assert (
        "  - intermediate 'intermediate' is revoked: follow RUNBOOK.md section 8 in its "
        "order: the ceremony (offline/ceremony/revoke-intermediate.sh keyCompromise, the "
        "successor's steps, 06-export.sh), the CRL host's publish, step-ca's cut-over, "
        "each proxy, then every device it issued to"
    ) in meaning
    assert "needs the intermediate 'intermediate' re-signed" not in meaning


def test_renewal_is_judged_as_ca_json_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """derlev issues to devices, so ca.json disables its renewal whatever the global claim
    says: turning the global claim on changes nothing for derlev, and review says nothing of
    derlev's renewal (it used to say 'renewal disabled')."""
    old, new = tmp_path / "old.pki.yaml", tmp_path / "new.pki.yaml"
    shutil.copyfile(EXAMPLE, old)
    shutil.copyfile(old, new)
    edit(
        new,
        (
            (
                "    default_tls_cert_duration: 24h\n",
                "    default_tls_cert_duration: 24h\n    disable_renewal: true\n",
            ),
        ),
    )
    assert main(["diff", str(old), str(new)]) == 1
    meaning, files = meaning_and_files(capsys.readouterr().out)
    assert "provisioner 'derlev': renewal" not in meaning
    assert "provisioner 'acme-z9w4d11j': renewal disabled" in meaning
    assert '"disableRenewal": true' in files
