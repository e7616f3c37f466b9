"""The devices' files of a bundle, judged by what reads them.

- Apple profiles: plistlib reads them and Apple's published payload schemas
  (apple/device-management, tests/reference_schemas.py) accept them, plus the rules those
  schemas state only in prose (HardwareBound and Attest). The ACME directory they name is
  the one the bundle's own step-ca ca.json serves.
- sign-profile.sh runs for real with openssl against a throwaway root -> intermediate ->
  signer chain laid out as devices/issue-certificate.py writes it; `openssl smime -verify`
  checks the result against the root alone.
- Windows .inf: there is no Windows here, so no certreq. The files are read by the rules
  Microsoft publishes for them: the INF syntax (sections, `;` comments, quoted strings with
  doubled quotes, `%%` for a percent sign, since %name% is a [Strings] key) and
  CertStrToName's X.500 strings (a quoted value holds `,` and `;`, a quote inside it is
  doubled). What certreq does with the TPM is not tested.
"""

from __future__ import annotations

import json
import plistlib
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLE, compile_text, materialize, require
from pkispec.plan import make_plan
from pkispec.render.devices import render_devices
from pkispec.spec import load
from reference_schemas import apple_profile_problems

SIGNER = "vlan-party-profile-signing"  # the file names issue-certificate.py gives the signer
SMITH = 'Smith, John "JJ"'
PERCENT = "Ops 100% Box"
CLIENT_AUTH = "1.3.6.1.5.5.7.3.2"
PLATFORM_CRYPTO = "Microsoft Platform Crypto Provider"
EXTRA = f"""\
  - kind: apple-acme
    name: Mac mini
    client_identifier: C02XK1ZYJGH5
    provisioner: apple-afpl541u
    key_size: 256
  - kind: windows-tpm
    name: '{SMITH}'
    provisioner: derlev
    key_algorithm: RSA
  - kind: windows-tpm
    name: {PERCENT}
    provisioner: derlev
    key_algorithm: ECDSA_P256

profile_signer:
  name: vlan.party Profile Signing
  provisioner: derlev

trust:"""
DEVICES_TEXT = EXAMPLE.read_text(encoding="utf-8").replace("\ntrust:", "\n" + EXTRA, 1)
DEVICES_SPEC = "devices.pki.yaml"


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("devices-spec")


@pytest.fixture(scope="module")
def bundle(spec_dir: Path) -> Path:
    """The example with a second Apple device, two more Windows PCs and a profile signer."""
    assert EXTRA in DEVICES_TEXT
    return materialize(compile_text(DEVICES_TEXT, spec_dir, DEVICES_SPEC), spec_dir / "homelab")


def profiles(bundle: Path) -> dict[str, dict[str, Any]]:
    return {
        p.stem: plistlib.loads(p.read_bytes())
        for p in sorted((bundle / "devices").glob("*/*.mobileconfig"))
    }


def spec_clients(text: str, kind: str) -> list[dict[str, Any]]:
    clients: list[dict[str, Any]] = YAML(typ="safe", pure=True).load(text)["clients"]
    return [c for c in clients if c["kind"] == kind]


# --- Apple profiles ------------------------------------------------------------------------


def test_both_bundles_have_the_profiles_their_specs_ask_for(
    example_bundle: Path, bundle: Path
) -> None:
    assert sorted(profiles(example_bundle)) == ["ipad"]
    assert sorted(profiles(bundle)) == ["ipad", "mac-mini"]


@pytest.mark.parametrize("which", ["example", "devices"])
def test_profiles_pass_apples_published_schemas(
    which: str, example_bundle: Path, bundle: Path
) -> None:
    for name, profile in profiles(example_bundle if which == "example" else bundle).items():
        assert apple_profile_problems(profile) == [], name
        assert profile["PayloadType"] == "Configuration"
        (acme,) = profile["PayloadContent"]
        assert acme["PayloadType"] == "com.apple.security.acme"
        # what com.apple.security.acme.yaml says in prose only
        assert acme["DirectoryURL"].startswith("https://")  # "must use the https scheme"
        if acme["Attest"]:
            assert acme["HardwareBound"] is True  # "Attest true needs HardwareBound true"
        if acme["HardwareBound"]:
            assert acme["KeyType"] == "ECSECPrimeRandom"
            assert acme["KeySize"] in {256, 384}  # the Secure Enclave's two curves


def payload_uuids(bundle: Path) -> dict[str, str]:
    found = {}
    for name, profile in profiles(bundle).items():
        found[f"{name}"] = profile["PayloadUUID"]
        for payload in profile["PayloadContent"]:
            found[f"{name}/{payload['PayloadType']}"] = payload["PayloadUUID"]
    return found


def test_payload_uuids_are_valid_distinct_and_the_same_when_rebuilt_elsewhere(
    bundle: Path, tmp_path: Path
) -> None:
    first = payload_uuids(bundle)
    assert len(first) == 4
    for value in first.values():
        assert str(uuid.UUID(value)).upper() == value  # canonical, as Apple writes them
    assert len(set(first.values())) == len(first)

    other = tmp_path / "elsewhere" / "deeper"
    other.mkdir(parents=True)
    (other / "renamed.pki.yaml").write_text(DEVICES_TEXT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pkispec", "build", "renamed.pki.yaml", "-o", "out"],
        cwd=other,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert payload_uuids(other / "out" / "homelab") == first
    for path in (bundle / "devices").glob("*/*.mobileconfig"):
        rebuilt = other / "out" / "homelab" / path.relative_to(bundle)
        assert rebuilt.read_bytes() == path.read_bytes()


def step_ca_url(ca_json: dict[str, Any]) -> str:
    """The URL step-ca answers at, from its own config (dnsNames, address)."""
    port = ca_json["address"].rpartition(":")[2]
    host = ca_json["dnsNames"][0]
    return f"https://{host}" if port == "443" else f"https://{host}:{port}"


def test_client_identifier_subject_and_directory_are_step_cas(bundle: Path) -> None:
    ca_json = json.loads((bundle / "ca-server/step/config/ca.json").read_text("utf-8"))
    provisioners = {p["name"]: p for p in ca_json["authority"]["provisioners"]}
    wanted = {c["client_identifier"]: c for c in spec_clients(DEVICES_TEXT, "apple-acme")}
    assert len(wanted) == 2
    for profile in profiles(bundle).values():
        (acme,) = profile["PayloadContent"]
        client = wanted.pop(acme["ClientIdentifier"])
        assert acme["Subject"] == [[["CN", acme["ClientIdentifier"]]]]
        assert acme["KeySize"] == client["key_size"]
        name = client["provisioner"]
        assert acme["DirectoryURL"] == f"{step_ca_url(ca_json)}/acme/{name}/directory"
        served = provisioners[name]  # step-ca serves /acme/<name>/directory for it
        assert served["type"] == "ACME"
        assert "device-attest-01" in served["challenges"]
        assert "apple" in served["attestationFormats"]
    assert wanted == {}


# --- signing a profile ----------------------------------------------------------------------


@dataclass
class Signer:
    dir: Path  # <slug>.key, .crt, .chain.pem, as issue-certificate.py writes them
    root: Path
    passfile: Path


def openssl(*args: str, cwd: Path) -> None:
    done = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"openssl {' '.join(args)}:\n{done.stderr}"


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> Signer:
    """A throwaway root -> intermediate -> profile signer. The signer's certificate is what
    step-ca's JWK provisioner gives by default (digitalSignature; serverAuth, clientAuth),
    its key an encrypted P-256 PKCS#8 key, like issue-certificate.py's."""
    require("openssl")
    work = tmp_path_factory.mktemp("signer")
    (work / "pass").write_text("the signer key's passphrase\n", encoding="utf-8")
    (work / "int.ext").write_text(
        "basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
        encoding="utf-8",
    )
    (work / "leaf.ext").write_text(
        "basicConstraints=critical,CA:false\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth,clientAuth\n",
        encoding="utf-8",
    )
    ec384 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes"]
    openssl(
        "req",
        "-x509",
        *ec384,
        "-keyout",
        "root.key",
        "-out",
        "root.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Throwaway Root",
        "-addext",
        "basicConstraints=critical,CA:true",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        cwd=work,
    )
    openssl(
        "req",
        *ec384,
        "-keyout",
        "int.key",
        "-out",
        "int.csr",
        "-subj",
        "/CN=Throwaway Intermediate",
        cwd=work,
    )
    openssl(
        "x509",
        "-req",
        "-in",
        "int.csr",
        "-CA",
        "root.pem",
        "-CAkey",
        "root.key",
        "-days",
        "2",
        "-extfile",
        "int.ext",
        "-out",
        "int.pem",
        cwd=work,
    )
    openssl(
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-aes-256-cbc",
        "-pass",
        "file:pass",
        "-out",
        "signer.key",
        cwd=work,
    )
    openssl(
        "req",
        "-new",
        "-key",
        "signer.key",
        "-passin",
        "file:pass",
        "-out",
        "signer.csr",
        "-subj",
        "/CN=vlan.party Profile Signing",
        cwd=work,
    )
    openssl(
        "x509",
        "-req",
        "-in",
        "signer.csr",
        "-CA",
        "int.pem",
        "-CAkey",
        "int.key",
        "-days",
        "1",
        "-extfile",
        "leaf.ext",
        "-out",
        "signer.crt",
        cwd=work,
    )
    out = work / "issued"
    out.mkdir()
    shutil.copy(work / "signer.key", out / f"{SIGNER}.key")
    shutil.copy(work / "signer.crt", out / f"{SIGNER}.crt")
    (out / f"{SIGNER}.chain.pem").write_bytes(
        b"".join((work / name).read_bytes() for name in ("signer.crt", "int.pem", "root.pem"))
    )
    assert b"ENCRYPTED PRIVATE KEY" in (out / f"{SIGNER}.key").read_bytes()
    return Signer(out, work / "root.pem", work / "pass")


def sign(
    bundle: Path, signer: Signer, profile: Path, signed: Path, passfile: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PKISPEC_KEY_PASSFILE": str(passfile or signer.passfile)}
    return subprocess.run(
        [
            "bash",
            str(bundle / "devices" / "sign-profile.sh"),
            str(signer.dir),
            str(profile),
            str(signed),
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def smime_verify(
    signed: Path, root: Path, content: Path, *purpose: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "openssl",
            "smime",
            "-verify",
            "-inform",
            "DER",
            "-binary",
            "-in",
            str(signed),
            "-CAfile",
            str(root),
            *purpose,
            "-out",
            str(content),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_signed_profiles_verify_against_the_root_and_hold_the_profile_unchanged(
    bundle: Path, signer: Signer, tmp_path: Path
) -> None:
    script = (bundle / "devices" / "sign-profile.sh").read_text(encoding="utf-8")
    assert f"{SIGNER}.key" in script and f"{SIGNER}.chain.pem" in script
    for profile in sorted((bundle / "devices").glob("*/*.mobileconfig")):
        signed = tmp_path / f"{profile.stem}.signed.mobileconfig"
        done = sign(bundle, signer, profile, signed)
        assert done.returncode == 0, done.stderr
        assert signed.read_bytes()[:1] == b"\x30"  # DER, as Apple devices take it
        content = tmp_path / f"{profile.stem}.content"
        # Apple asks nothing of the signer's extended key usage (profiles signed with TLS
        # server certificates show as verified). openssl's default smime purpose wants
        # emailProtection, which step-ca's JWK certificates do not carry: hence `any`.
        default = smime_verify(signed, signer.root, tmp_path / "unused")
        assert default.returncode != 0
        assert "unsuitable certificate purpose" in default.stderr
        verified = smime_verify(signed, signer.root, content, "-purpose", "any")
        assert verified.returncode == 0, verified.stderr
        assert content.read_bytes() == profile.read_bytes()  # -binary: no CRLF rewriting
        # the intermediate travels inside, so a device that trusts only the root verifies
        listed = subprocess.run(
            ["openssl", "pkcs7", "-inform", "DER", "-in", str(signed), "-print_certs", "-noout"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "CN = Throwaway Intermediate" in listed


def test_a_wrong_passphrase_signs_nothing_and_leaves_nothing(
    bundle: Path, signer: Signer, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    done = sign(
        bundle,
        signer,
        bundle / "devices/apple/ipad.mobileconfig",
        out / "ipad.signed.mobileconfig",
        wrong,
    )
    assert done.returncode != 0
    assert list(out.iterdir()) == []  # no output, and no temporary file either


def test_an_existing_output_is_never_overwritten(
    bundle: Path, signer: Signer, tmp_path: Path
) -> None:
    signed = tmp_path / "ipad.signed.mobileconfig"
    signed.write_bytes(b"an earlier signature\n")
    done = sign(bundle, signer, bundle / "devices/apple/ipad.mobileconfig", signed)
    assert done.returncode != 0
    assert "exists" in done.stderr
    assert signed.read_bytes() == b"an earlier signature\n"
    assert [p.name for p in tmp_path.iterdir()] == [signed.name]


def test_shellcheck_accepts_the_signing_and_trust_scripts(bundle: Path) -> None:
    tool = require("shellcheck")
    scripts = [
        bundle / "devices" / "sign-profile.sh",
        bundle / "trust" / "linux" / "install-root.sh",
    ]
    for script in scripts:
        done = subprocess.run(
            [tool, "-x", script.name],
            cwd=script.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), done.stdout


# --- Windows .inf, read by Microsoft's published rules ---------------------------------------


def inf_value(raw: str, strings: dict[str, str]) -> str:
    """One INF value: a quoted string (inner "" is "), or bare text; then %% is % and
    %name% a [Strings] key (an undefined one is an error here, as it is a mistake there)."""
    raw = raw.strip()
    if raw.startswith('"'):
        match = re.fullmatch(r'"((?:[^"]|"")*)"', raw)
        assert match, f"not one quoted INF string: {raw}"
        raw = match.group(1).replace('""', '"')

    def percent(m: re.Match[str]) -> str:
        return "%" if m.group(1) == "" else strings[m.group(1).lower()]

    return re.sub(r"%([^%]*)%", percent, raw)


def strip_comment(line: str) -> str:
    """The line up to a `;` that is outside double quotes."""
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            return line[:index]
    assert not quoted, f"unterminated quote: {line}"
    return line


def parse_inf(text: str) -> dict[str, list[tuple[str, str]]]:
    """Sections of (key, value) in order; keys as written, section names in lowercase."""
    raw: dict[str, list[tuple[str, str]]] = {}
    section = None
    for written in text.splitlines():
        line = strip_comment(written).strip()
        if not line:
            continue
        if line.startswith("["):
            assert line.endswith("]"), line
            section = line[1:-1].strip().lower()
            raw.setdefault(section, [])
            continue
        assert section is not None, f"an entry outside a section: {line}"
        key, sep, value = line.partition("=")
        assert sep, f"not key = value: {line}"
        raw[section].append((key.strip(), value))
    strings = {k.lower(): inf_value(v, {}) for k, v in raw.get("strings", [])}
    return {name: [(k, inf_value(v, strings)) for k, v in entries] for name, entries in raw.items()}


def cert_str_to_name(text: str) -> list[list[tuple[str, str]]]:
    """RDNs of an X.500 string as CertStrToName reads it by default: ',' or ';' between
    RDNs, '+' between the values of one RDN, blanks around keys and values ignored, a value
    in double quotes keeps separators and has each inner quote doubled."""
    rdns: list[list[tuple[str, str]]] = [[]]
    i = 0
    while i < len(text):
        key, sep, _ = text[i:].partition("=")
        assert sep, f"no '=' in {text[i:]!r}"
        i += len(key) + 1
        while i < len(text) and text[i] == " ":
            i += 1
        if i < len(text) and text[i] == '"':
            match = re.match(r'"((?:[^"]|"")*)"\s*', text[i:])
            assert match, f"unterminated quoted value in {text!r}"
            value = match.group(1).replace('""', '"')
            i += match.end()
        else:
            match = re.match(r"[^,;+]*", text[i:])
            assert match
            value = match.group(0).strip()
            assert '"' not in value, f"a quote in an unquoted value: {text!r}"
            i += match.end()
        rdns[-1].append((key.strip(), value))
        if i < len(text):
            assert text[i] in ",;+", f"junk after a value in {text!r}"
            if text[i] != "+":
                rdns.append([])
            i += 1
    return rdns


def infs(bundle: Path) -> dict[str, tuple[str, dict[str, list[tuple[str, str]]]]]:
    return {
        p.stem: (p.read_text(encoding="utf-8"), parse_inf(p.read_text(encoding="utf-8")))
        for p in sorted((bundle / "devices").glob("*/*.inf"))
    }


def one(entries: list[tuple[str, str]], key: str) -> str:
    (value,) = [v for k, v in entries if k.lower() == key.lower()]
    return value


def san_text(extensions: list[tuple[str, str]]) -> str:
    """certreq's "{text}" SAN: the value after 2.5.29.17 and its _continue_ lines."""
    keys = [k for k, _ in extensions]
    start = keys.index("2.5.29.17")
    text = extensions[start][1]
    for key, value in extensions[start + 1 :]:
        if key != "_continue_":
            break
        text += value
    assert text.startswith("{text}")
    return text.removeprefix("{text}")


KEY_LENGTH = {"ECDSA_P256": "256", "ECDSA_P384": "384", "RSA": "2048"}


def test_inf_files_say_what_the_spec_asks(bundle: Path, spec_dir: Path) -> None:
    plan = make_plan(load(spec_dir / DEVICES_SPEC).spec)
    issued = {i.slug: i for i in plan.devices.issued}
    clients = spec_clients(DEVICES_TEXT, "windows-tpm")
    found = infs(bundle)
    assert sorted(found) == sorted(w.slug for w in plan.devices.windows)
    assert len(clients) == len(found) == 3
    for client, windows in zip(clients, plan.devices.windows, strict=True):
        _, inf = found[windows.slug]
        assert {"version", "newrequest", "enhancedkeyusageextension", "extensions"} <= set(inf)
        assert one(inf["version"], "Signature") == "$Windows NT$"
        request = inf["newrequest"]
        assert cert_str_to_name(one(request, "Subject")) == [[("CN", client["name"])]]
        assert one(request, "FriendlyName") == client["name"]
        assert one(request, "RequestType") == "PKCS10"
        assert one(request, "KeyAlgorithm") == client["key_algorithm"]
        assert one(request, "KeyLength") == KEY_LENGTH[client["key_algorithm"]]
        assert one(request, "Exportable") == "FALSE"
        assert one(request, "MachineKeySet") == "FALSE"  # the user's store: certreq -user
        assert one(request, "ProviderName") == PLATFORM_CRYPTO
        usage = {u.strip() for u in one(request, "KeyUsage").split("|")}
        assert "CERT_DIGITAL_SIGNATURE_KEY_USAGE" in usage
        assert ("CERT_KEY_ENCIPHERMENT_KEY_USAGE" in usage) == (client["key_algorithm"] == "RSA")
        assert inf["enhancedkeyusageextension"] == [("OID", CLIENT_AUTH)]
        # the one SAN issue-certificate.py puts into the certificate for this client
        assert san_text(inf["extensions"]) == "&".join(
            f"url={s}" for s in issued[windows.slug].sans
        )
        assert issued[windows.slug].sans == (
            f"pkispec://pki-ca.dmz.vlan.party/client/{windows.slug}",
        )


def test_a_name_with_comma_and_quotes_is_one_quoted_rdn(bundle: Path) -> None:
    text, inf = infs(bundle)["smith-john-jj"]
    # INF doubles the quotes of the CertStrToName string, which doubles the name's quotes
    assert 'Subject = "CN=""Smith, John """"JJ"""""""\n' in text
    assert one(inf["newrequest"], "Subject") == 'CN="Smith, John ""JJ"""'
    assert cert_str_to_name(one(inf["newrequest"], "Subject")) == [[("CN", SMITH)]]
    # the parser has teeth: unquoted, the comma would start a second RDN
    assert cert_str_to_name("CN=Smith, OU=John") == [[("CN", "Smith")], [("OU", "John")]]


def test_a_percent_sign_is_doubled_for_the_inf_parser(bundle: Path) -> None:
    text, inf = infs(bundle)["ops-100-box"]
    assert 'Subject = "CN=Ops 100%% Box"\n' in text
    assert 'FriendlyName = "Ops 100%% Box"\n' in text
    assert one(inf["newrequest"], "Subject") == f"CN={PERCENT}"


def test_several_sans_are_joined_with_ampersands(spec_dir: Path) -> None:
    """The plan gives one SAN per PC; certreq's "{text}" form separates more with '&'."""
    plan = make_plan(load(spec_dir / DEVICES_SPEC).spec)
    two = ("pkispec://pki-ca.dmz.vlan.party/client/a", "pkispec://pki-ca.dmz.vlan.party/client/b")
    windows = tuple(replace(w, sans=two) for w in plan.devices.windows)
    artifacts = render_devices(replace(plan, devices=replace(plan.devices, windows=windows)))
    (inf,) = [a for a in artifacts if a.path.name == "my-desktop.inf"]
    extensions = parse_inf(inf.data.decode("utf-8"))["extensions"]
    assert (
        san_text(extensions)
        == "url=pkispec://pki-ca.dmz.vlan.party/client/a&url=pkispec://pki-ca.dmz.vlan.party/client/b"
    )


def test_the_guides_typo_is_nowhere(example_bundle: Path, bundle: Path) -> None:
    for tree in (example_bundle, bundle):
        for path in tree.rglob("*"):
            if path.is_file():
                assert b"dekstop" not in path.read_bytes().lower(), path
    assert (example_bundle / "devices" / "windows" / "my-desktop.inf").is_file()


def test_the_runbook_warns_where_the_spec_lets_step_ca_renew_devices(tmp_path: Path) -> None:
    """disableRenewal is the default for a provisioner that issues to devices; a spec that
    says otherwise gets it in ca.json's JWK entry and a warning in the runbook."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "claims: {max_tls_cert_duration: 90d}",
        "claims: {max_tls_cert_duration: 90d, disable_renewal: false}",
        1,
    )
    assert "disable_renewal: false" in text
    bundle = materialize(compile_text(text, tmp_path), tmp_path / "homelab")
    runbook = " ".join((bundle / "RUNBOOK.md").read_text(encoding="utf-8").split())
    assert (
        "**Warning**: the spec lets step-ca renew my-android-phone, my-desktop over mTLS"
    ) in runbook
    script = (bundle / "ca-server" / "add-jwk-provisioner.py").read_text(encoding="utf-8")
    assert "'disableRenewal': False" in script
    (tmp_path / "default").mkdir()
    plain = materialize(
        compile_text(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "default"),
        tmp_path / "default" / "homelab",
    )
    default = " ".join((plain / "RUNBOOK.md").read_text(encoding="utf-8").split())
    assert "the provisioners' claims say `disableRenewal`" in default
