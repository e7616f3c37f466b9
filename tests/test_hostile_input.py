"""Hostile and careless input: refused with a clear error, or written out exactly.

Property-based (hypothesis): arbitrary strings in the fields that reach an output, random
and truncated YAML for the loader. Whatever comes in, the result is a SpecError with
located problems or a bundle whose files say exactly what the spec said.
"""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, public_tokens, require, secrets_in
from pkispec.artifact import Artifact
from pkispec.compiler import compile_spec
from pkispec.errors import SpecError
from pkispec.render.program import split
from pkispec.spec import load

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
SETTINGS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# characters that mean something to bash, openssl.cnf, nginx, systemd or Markdown tables
META = re.compile(r"""[\s$`'"\\;&|<>(){}\[\]*?!#%,=^@]""")


def load_text(text: str, tmp: Path) -> list[Artifact] | SpecError:
    spec = tmp / "spec.pki.yaml"
    spec.write_text(text, encoding="utf-8")
    try:
        return compile_spec(load(spec)).artifacts
    except SpecError as exc:
        return exc


def assert_located(error: SpecError) -> None:
    assert error.errors, "a SpecError without errors"
    for item in error.errors:
        assert item.line >= 1 and item.column >= 1
        assert re.fullmatch(r"PKI\d{3}", item.problem.code)
        assert item.problem.hint, f"{item.problem.code} has no hint"


# --- the loader never crashes ---------------------------------------------------------


@SETTINGS
@given(cut=st.integers(0, len(EXAMPLE_TEXT)), junk=st.text(max_size=20))
def test_truncated_and_damaged_yaml_never_crashes(tmp_path: Path, cut: int, junk: str) -> None:
    result = load_text(EXAMPLE_TEXT[:cut] + junk, tmp_path)
    if isinstance(result, SpecError):
        assert_located(result)


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text_never_crashes(tmp_path: Path, text: str) -> None:
    result = load_text(text, tmp_path)
    assert isinstance(result, SpecError)
    assert_located(result)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [*x]\n",  # a recursive alias
        "<<: {pkispec: 1}\nname: x\n",  # a merge key
        "pkispec: !!binary aGVsbG8=\n",  # a tag
        "? [a, b]\n: c\n",  # a complex key
        "1: one\n",  # a non-string key
        "pkispec: 1\n" + "x:\n " * 200 + "y\n",  # deep nesting
        "pkispec: 99999999999999999999999999\n",
        "- a list\n- at the top\n",
        "\ufeffpkispec: 1\n",  # a byte-order mark
        "pkispec: 1\x00\n",
    ],
)
def test_odd_yaml_gives_located_errors(tmp_path: Path, text: str) -> None:
    result = load_text(text, tmp_path)
    assert isinstance(result, SpecError)
    assert_located(result)


# --- names reach openssl exactly as written -------------------------------------------


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar that any YAML reader turns back into exactly `value`."""

    def one(ch: str) -> str:
        if ch in '"\\':
            return "\\" + ch
        return ch if " " <= ch <= "~" else f"\\U{ord(ch):08x}"

    return '"' + "".join(one(ch) for ch in value) + '"'


#: DN fields of the root: where the example sets them, and the OID openssl writes
DN_FIELDS = {
    "root.common_name": ("common_name: vlan.party Root CA", "common_name: {}", NameOID.COMMON_NAME),
    "subject.organization": (
        "organization: vlan.party",
        "organization: {}",
        NameOID.ORGANIZATION_NAME,
    ),
}


@pytest.fixture(scope="module")
def plain_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("key") / "key.pem"
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return path


@SETTINGS
@given(
    value=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=70),
    field=st.sampled_from(sorted(DN_FIELDS)),
)
def test_any_subject_text_is_refused_or_read_back_by_openssl(
    tmp_path: Path, plain_key: Path, value: str, field: str
) -> None:
    openssl = require("openssl")
    old, new, oid = DN_FIELDS[field]
    result = load_text(EXAMPLE_TEXT.replace(old, new.format(yaml_string(value)), 1), tmp_path)
    if isinstance(result, SpecError):
        assert_located(result)
        assert any(field in i.problem.message for i in result.errors)
        event("refused")
        return
    event("read back by openssl")
    cnf = next(a for a in result if a.path.name == "root.cnf")
    (tmp_path / "root.cnf").write_bytes(cnf.data)
    proc = subprocess.run(
        [
            openssl,
            "req",
            "-config",
            str(tmp_path / "root.cnf"),
            "-new",
            "-x509",
            "-key",
            str(plain_key),
            "-days",
            "1",
            "-extensions",
            "v3_ca",
        ],
        capture_output=True,
        check=False,
        env={"PKISPEC_PREFIX": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    cert = x509.load_pem_x509_certificate(proc.stdout)
    with warnings.catch_warnings():
        # X.509 bounds a common name at 64 characters (openssl counts them so); cryptography
        # counts UTF-8 bytes and warns about 17 four-byte characters it still reads fine
        warnings.filterwarnings("ignore", "Attribute's length", UserWarning)
        assert cert.subject.get_attributes_for_oid(oid)[0].value == value


# --- fields that reach scripts and configs carry no metacharacters ---------------------

NEAR_MISS = "ab9/.-_~:$ ;'\"`\\&|<>*?#%"  # valid characters and the dangerous ones


def near(prefix: str) -> st.SearchStrategy[str]:
    """Arbitrary text, or text that starts right and mixes valid and dangerous characters."""
    return st.one_of(
        st.text(min_size=1, max_size=40),
        st.text(NEAR_MISS, min_size=1, max_size=30).map(lambda t: prefix + t),
    )


PATH_FIELDS = {
    "ceremony prefix": ("prefix: /root/ca", "prefix: {}", near("/")),
    "web root": ("web_root: /var/www/html", "web_root: {}", near("/")),
    "CRL URL": (
        "url: http://pki-ca.dmz.vlan.party/crls/root.crl",
        "url: {}",
        near("http://crl.example/"),
    ),
    "bundle name": ("name: homelab", "name: {}", near("a")),
    "intermediate name": ("- name: intermediate", "- name: {}", near("a")),
}


@SETTINGS
@given(data=st.data(), field=st.sampled_from(sorted(PATH_FIELDS)))
def test_path_like_fields_are_refused_or_free_of_metacharacters(
    tmp_path: Path, data: st.DataObject, field: str
) -> None:
    old, new, values = PATH_FIELDS[field]
    value = data.draw(values)
    result = load_text(EXAMPLE_TEXT.replace(old, new.format(yaml_string(value)), 1), tmp_path)
    if isinstance(result, SpecError):
        assert_located(result)
        event("refused")
        return
    event("accepted")
    assert not META.search(value), f"{field} accepted {value!r}"
    assert ".." not in value.split("/")
    for artifact in result:
        if artifact.path.suffix == ".sh" or artifact.path.parent.name == "sbin":
            proc = subprocess.run(
                ["bash", "-n"], input=artifact.data, capture_output=True, check=False
            )
            assert proc.returncode == 0, (artifact.path, proc.stderr)


@pytest.mark.parametrize("name", ["../../etc", "/etc", "Homelab", "a/b", "."])
def test_a_bundle_name_never_leaves_the_output_folder(tmp_path: Path, name: str) -> None:
    result = load_text(EXAMPLE_TEXT.replace("name: homelab", f'name: "{name}"', 1), tmp_path)
    assert isinstance(result, SpecError)
    assert [i.problem.code for i in result.errors] == ["PKI006"]


# --- nothing secret in any bundle (conftest scans every bundle the suite compiles) ------


def test_the_scanner_finds_what_it_looks_for() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    token = b"password=k9Qz3Xv7PpL2mW8tR4yB6nH1cF5jD0sA"  # a fixed random-looking token
    planted = [Artifact.text("a.txt", pem.decode()), Artifact.text("b.sh", token.decode())]
    assert len(secrets_in(planted)) >= 2


@pytest.mark.parametrize(
    "spec",
    [EXAMPLE, *sorted((EXAMPLE.parent.parent / "tests" / "golden").glob("*/spec.yaml"))],
    ids=lambda p: p.parent.name if p.name == "spec.yaml" else p.stem,
)
def test_no_secret_or_random_material_in_bundles(spec: Path) -> None:
    assert secrets_in(compile_spec(load(spec)).artifacts, public_tokens(spec)) == []


# --- names that reach ca.json, the install script and the Python helpers ---------------


@SETTINGS
@given(value=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=70))
def test_any_provisioner_name_is_refused_or_lands_exactly(tmp_path: Path, value: str) -> None:
    text = EXAMPLE_TEXT.replace("      name: derlev\n", f"      name: {yaml_string(value)}\n", 1)
    text = text.replace("provisioner: derlev", f"provisioner: {yaml_string(value)}")
    result = load_text(text, tmp_path)
    if isinstance(result, SpecError):
        assert_located(result)
        event("refused")
        return
    event("accepted")
    files = {str(a.path): a.data for a in result}
    script = files["ca-server/add-jwk-provisioner.py"].decode()
    namespace: dict[str, object] = {}
    exec(  # noqa: S102 - the data block of the generated script, nothing else
        compile(script.split("\nITERATIONS")[0], "add-jwk-provisioner.py", "exec"),
        namespace,
    )
    assert list(namespace["PROVISIONERS"]) == [value]  # type: ignore[call-overload]
    install = files["ca-server/install-step-ca.sh"]
    assert subprocess.run(["bash", "-n"], input=install, check=False).returncode == 0
    words = subprocess.run(
        [
            "bash",
            "-c",
            'eval "set -- $(grep -o "add-jwk-provisioner.py\\" .*" "$1" | '
            'cut -d" " -f2-)"; printf "%s" "$1"',
            "check",
            "/dev/stdin",
        ],
        input=install,
        capture_output=True,
        check=True,
    ).stdout
    assert words.decode() == value


# --- SSH names and keys, which reach sshd's files, known_hosts and the SSH tool ----------

SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvW9L2S6Q7h1z9y0x8c8x6e0a5p2q3r4s5t6u7v8w9x"
SSH_SECTION = """\
ssh:
  provisioner: derlev
  hosts:
    - {{name: {host}, principals: [{host_principal}]}}
  users:
    - {{name: {user}, principals: [{user_principal}]}}
  revoked_keys: [{revoked}]
"""
SSH_DEFAULTS = {
    "host": "nas.dmz.vlan.party",
    "host_principal": "nas",
    "user": "alice",
    "user_principal": "alice",
    "revoked": SSH_KEY + " lost",
}
SSH_VALUES = {
    "host": near("nas."),
    "host_principal": near("n"),
    "user": near("a"),
    "user_principal": near("a"),
    "revoked": near(SSH_KEY + " "),
}
#: what would split a principal list (sshd, known_hosts) or a key line, or start a comment
SSH_META = re.compile(r"""[\s,'"`\\#*?!]""")


def ssh_data(artifacts: list[Artifact]) -> dict[str, object]:
    """The SSH tool's data block, as the bundle's issue-certificate.py has it."""
    files = {str(a.path): a.data.decode() for a in artifacts}
    script = files["devices/issue-certificate.py"]
    block = split(script)[1]
    namespace: dict[str, object] = {}
    exec(  # noqa: S102 - the data block of the generated script, nothing else
        compile(block, "issue-certificate.py", "exec"),
        {"SshConfig": dict, "Client": dict},
        namespace,
    )
    data = namespace["SSH"]
    assert isinstance(data, dict)
    return data


@SETTINGS
@given(data=st.data(), field=st.sampled_from(sorted(SSH_VALUES)))
def test_ssh_names_and_keys_are_refused_or_land_exactly(
    tmp_path: Path, data: st.DataObject, field: str
) -> None:
    value = data.draw(SSH_VALUES[field])
    fields = {k: yaml_string(v) for k, v in (SSH_DEFAULTS | {field: value}).items()}
    result = load_text(EXAMPLE_TEXT + SSH_SECTION.format(**fields), tmp_path)
    if isinstance(result, SpecError):
        assert_located(result)
        event("refused")
        return
    event("accepted")
    files = {str(a.path): a.data.decode() for a in result}
    if field == "revoked":
        assert value.count(" ") == 2 and not re.search(r"[\x00-\x1f\x7f#]", value)
        assert f"\n{value}\n" in files["ssh/revoked-keys"]
        return
    assert not SSH_META.search(value), f"{field} accepted {value!r}"
    ssh = ssh_data(result)
    if field.startswith("host"):
        assert ssh["hosts"] == {fields["host"].strip('"'): [fields["host_principal"].strip('"')]}
        assert value in ssh["known_hosts"]  # type: ignore[operator]
    else:
        assert ssh["users"] == {fields["user"].strip('"'): [fields["user_principal"].strip('"')]}
    install = files["ssh/install-ssh-host.sh"].encode()
    assert subprocess.run(["bash", "-n"], input=install, check=False).returncode == 0
