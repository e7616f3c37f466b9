"""The validators in reference_schemas.py accept what the published schemas accept and reject
what they reject: every check is shown catching a wrong value, not only passing a right one.

Where a published schema is looser than one might expect (Traefik's static top level, its
clientAuth section; Apple's KeySize), the tests assert the schema's actual behaviour so a
reader knows what these validators cannot catch.
"""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import reference_schemas
from reference_schemas import apple_profile_problems, key_problems, traefik_problems

# --- Traefik ---------------------------------------------------------------------------------

ACME = {
    "email": "hi@derlev.xyz",
    "storage": "acme.json",
    "dnsChallenge": {"provider": "cloudflare", "resolvers": ["1.1.1.1:53", "1.0.0.1:53"]},
    "caServer": "https://pki-ca.dmz.vlan.party/acme/acme-z9w4d11j/directory",
    "certificatesDuration": 24,
    "keyType": "EC256",
}
DURATION = "certificatesResolvers.smallstep.acme.certificatesDuration"


def static(**acme: object) -> dict[str, Any]:
    """The guide's static fragment, with `acme` keys replaced or added."""
    return {"certificatesResolvers": {"smallstep": {"acme": {**ACME, **acme}}}}


def dynamic(**client_auth: object) -> dict[str, Any]:
    """The guide's dynamic mTLS option, with `clientAuth` keys replaced or added."""
    auth = {
        "caFiles": ["/certs/root.crt", "/certs/intermediate.crt"],
        "clientAuthType": "RequireAndVerifyClientCert",
        **client_auth,
    }
    return {"tls": {"options": {"mtls": {"clientAuth": auth}}}}


@pytest.mark.parametrize("version", ["2", "3"])
def test_guide_static_acme_resolver_passes_traefik_schema(version: str) -> None:
    assert traefik_problems(static(), version, "static") == []


@pytest.mark.parametrize("version", ["2", "3"])
def test_certificates_duration_as_a_duration_string_is_rejected(version: str) -> None:
    """certificatesDuration counts hours as an integer; "24h" is a type error."""
    assert traefik_problems(static(certificatesDuration="24h"), version, "static") == [
        f"{DURATION}: '24h' is not of type 'integer'"
    ]


@pytest.mark.parametrize("version", ["2", "3"])
def test_unknown_key_under_acme_and_under_the_resolver_is_rejected(version: str) -> None:
    """acme, dnsChallenge and the resolver itself have additionalProperties: false."""
    document = static(certificateDuration=24, dnsChallenge={"provider": "x", "delay": 1})
    document["certificatesResolvers"]["smallstep"]["acmee"] = {}
    assert traefik_problems(document, version, "static") == [
        "certificatesResolvers.smallstep.acme.dnsChallenge: Additional properties are not "
        "allowed ('delay' was unexpected)",
        "certificatesResolvers.smallstep.acme: Additional properties are not allowed "
        "('certificateDuration' was unexpected)",
        "certificatesResolvers.smallstep: Additional properties are not allowed "
        "('acmee' was unexpected)",
    ]


@pytest.mark.parametrize("version", ["2", "3"])
def test_static_schema_allows_unknown_top_level_keys(version: str) -> None:
    """A limit of the published schema: its top level does not forbid extra keys."""
    assert traefik_problems({**static(), "certificateResolvers": {}}, version, "static") == []


def test_v3_static_acme_knows_ca_certificates_v2_does_not() -> None:
    document = static(caCertificates=["/certs/root.crt"], caServerName="pki-ca")
    assert traefik_problems(document, "3", "static") == []
    assert traefik_problems(document, "2", "static") == [
        "certificatesResolvers.smallstep.acme: Additional properties are not allowed "
        "('caCertificates', 'caServerName' were unexpected)"
    ]


@pytest.mark.parametrize("version", ["2", "3"])
def test_guide_dynamic_mtls_option_passes_traefik_schema(version: str) -> None:
    assert traefik_problems(dynamic(), version, "dynamic") == []


@pytest.mark.parametrize("version", ["2", "3"])
def test_dynamic_wrong_types_and_unknown_keys_are_rejected(version: str) -> None:
    """caFiles must be a list; tls and the file's top level forbid unknown keys."""
    document = dynamic(caFiles="/certs/root.crt")
    document["tls"]["option"] = {}
    document["http"] = {"routers": {"r": {"rule": "Host(`a`)", "service": 1}}}
    document["tcp "] = {}
    assert traefik_problems(document, version, "dynamic") == [
        "(top level): Additional properties are not allowed ('tcp ' was unexpected)",
        "http.routers.r.service: 1 is not of type 'string'",
        "tls.options.mtls.clientAuth.caFiles: '/certs/root.crt' is not of type 'array'",
        "tls: Additional properties are not allowed ('option' was unexpected)",
    ]


@pytest.mark.parametrize("version", ["2", "3"])
def test_dynamic_schema_does_not_check_client_auth_type_or_its_keys(version: str) -> None:
    """A limit of the published schema: clientAuthType is any string, clientAuth is open."""
    document = dynamic(clientAuthType="RequireAndVerify", caFile="/certs/root.crt")
    assert traefik_problems(document, version, "dynamic") == []


def test_traefik_version_without_a_schema_is_an_error() -> None:
    with pytest.raises(ValueError, match="schemas for 2 and 3"):
        traefik_problems({}, "1", "static")


# --- Apple -----------------------------------------------------------------------------------

GUIDE_PROFILE: dict[str, Any] = {
    "PayloadDisplayName": "ACME device attest device certificate",
    "PayloadIdentifier": "party.vlan.apple-acme-profile",
    "PayloadScope": "System",
    "PayloadType": "Configuration",
    "PayloadUUID": "be260c4b-0329-400f-8b17-f5000ec9e8e0",
    "PayloadVersion": 1,
    "PayloadDescription": "...",
    "PayloadOrganization": "vlan.party",
    "PayloadContent": [
        {
            "Attest": True,
            "ClientIdentifier": "iPad Serial Number",
            "DirectoryURL": "https://pki-ca.dmz.vlan.party/acme/apple-afpl541u/directory",
            "HardwareBound": True,
            "KeySize": 384,
            "KeyType": "ECSECPrimeRandom",
            "PayloadDisplayName": "ACME Certificate",
            "PayloadIdentifier": "party.vlan.apple-acme-payload",
            "PayloadType": "com.apple.security.acme",
            "PayloadUUID": "55af6cdf-7083-48e0-9a39-f34ca009ac50",
            "PayloadVersion": 1,
            "Subject": [[["CN", "iPad Serial Number"]]],
        }
    ],
}
CERT = {
    "PayloadIdentifier": "party.vlan.root",
    "PayloadVersion": 1,
    "PayloadUUID": "0c4b3f6e-9d7a-4a57-8f0e-1d2c3b4a5968",
    "PayloadCertificateFileName": "root.crt",
}


def guide(**acme: object) -> dict[str, Any]:
    """A fresh copy of the guide's iPad profile, with keys of its ACME payload replaced."""
    profile = copy.deepcopy(GUIDE_PROFILE)
    profile["PayloadContent"][0].update(acme)
    return profile


def with_payloads(*payloads: dict[str, Any]) -> dict[str, Any]:
    profile = guide()
    profile["PayloadContent"] = list(payloads)
    return profile


def test_guide_ipad_profile_passes_apple_schema_as_written() -> None:
    """Every required key of TopLevel, CommonPayloadKeys and the ACME payload is there."""
    assert apple_profile_problems(guide()) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"KeySise": 384}, "PayloadContent[0].KeySise: key not in the schema"),
        ({"KeyType": "EC"}, "PayloadContent[0].KeyType: 'EC' not in ['RSA', 'ECSECPrimeRandom']"),
        ({"Attest": 1}, "PayloadContent[0].Attest: 1 is int, the schema says <boolean>"),
        ({"KeySize": True}, "PayloadContent[0].KeySize: True is bool, the schema says <integer>"),
        (
            {"PayloadVersion": "1"},
            "PayloadContent[0].PayloadVersion: '1' is str, the schema says <integer>",
        ),
        ({"PayloadVersion": 2}, "PayloadContent[0].PayloadVersion: 2 not in [1]"),
        ({"Subject": [[["CN"]]]}, "PayloadContent[0].Subject[0][0]: length 1 outside [2, 2]"),
        (
            {"Subject": [[["CN", 7]]]},
            "PayloadContent[0].Subject[0][0][1]: 7 is int, the schema says <string>",
        ),
        (
            {"Subject": [["CN"]]},
            "PayloadContent[0].Subject[0][0]: 'CN' is str, the schema says <array>",
        ),
        (
            {"SubjectAltName": {"dnsName": "a"}},
            "PayloadContent[0].SubjectAltName.dnsName: key not in the schema",
        ),
        (
            {"ExtendedKeyUsage": ["1.3.6.1.5.5.7.3.2", b"x"]},
            "PayloadContent[0].ExtendedKeyUsage[1]: b'x' is bytes, the schema says <string>",
        ),
    ],
)
def test_acme_payload_mistakes_are_reported_naming_the_key(
    change: dict[str, object], problem: str
) -> None:
    assert apple_profile_problems(guide(**change)) == [problem]


def test_missing_required_keys_are_reported_at_both_levels() -> None:
    profile = guide()
    del profile["PayloadContent"][0]["DirectoryURL"], profile["PayloadContent"][0]["PayloadUUID"]
    del profile["PayloadIdentifier"]
    assert apple_profile_problems(profile) == [
        "PayloadContent[0].DirectoryURL: required key missing",
        "PayloadContent[0].PayloadUUID: required key missing",
        "PayloadIdentifier: required key missing",
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"IsEncrypted": False}, "IsEncrypted: key not in the schema"),  # dropped in the 26.0 files
        ({"PayloadType": "configuration"}, "PayloadType: 'configuration' not in ['Configuration']"),
        ({"PayloadScope": "Device"}, "PayloadScope: 'Device' not in ['System', 'User']"),
        ({"PayloadVersion": True}, "PayloadVersion: True is bool, the schema says <integer>"),
        ({"TargetDeviceType": 7}, "TargetDeviceType: 7 not in [0, 1, 2, 3, 4, 5, 6]"),
        ({"RemovalDate": "2030-01-01"}, "RemovalDate: '2030-01-01' is str, the schema says <date>"),
        (
            {"DurationUntilRemoval": False},
            "DurationUntilRemoval: False is bool, the schema says <real>",
        ),
        (
            {"EncryptedPayloadContent": "AAAA"},
            "EncryptedPayloadContent: 'AAAA' is str, the schema says <data>",
        ),
        (
            {"PayloadContent": [GUIDE_PROFILE["PayloadContent"][0], "x"]},
            "PayloadContent[1]: 'x' is str, the schema says <dictionary>",
        ),
    ],
)
def test_top_level_mistakes_are_reported_naming_the_key(
    change: dict[str, object], problem: str
) -> None:
    assert apple_profile_problems({**guide(), **change}) == [problem]


def test_top_level_dates_reals_and_data_of_the_right_type_pass() -> None:
    profile = {
        **guide(),
        "RemovalDate": datetime(2030, 1, 1),
        "DurationUntilRemoval": 3600,
        "PayloadExpirationDate": datetime(2031, 1, 1),
        "TargetDeviceType": 1,
        "PayloadRemovalDisallowed": False,
    }
    assert apple_profile_problems(profile) == []
    assert apple_profile_problems({**profile, "DurationUntilRemoval": 3600.5}) == []


def test_schema_does_not_tie_key_size_to_key_type() -> None:
    """A limit of the published schema: KeySize has no rangelist, and the rules that tie it
    to KeyType and HardwareBound (EC 256/384 in hardware, RSA 1024-4096 not in hardware)
    are prose only. RSA is in KeyType's rangelist."""
    assert apple_profile_problems(guide(KeySize=512)) == []
    assert apple_profile_problems(guide(KeyType="RSA", KeySize=2048)) == []


@pytest.mark.parametrize(
    "payload_type",
    [
        "com.apple.security.root",
        "com.apple.security.pem",
        "com.apple.security.pkcs1",
        "com.apple.security.pkcs12",
    ],
)
def test_certificate_payload_content_must_be_bytes(payload_type: str) -> None:
    payload = {**CERT, "PayloadType": payload_type, "PayloadContent": b"0\x82\x01\x0a"}
    assert apple_profile_problems(with_payloads(payload)) == []
    payload["PayloadContent"] = "MIIBCg=="
    assert apple_profile_problems(with_payloads(payload)) == [
        "PayloadContent[0].PayloadContent: 'MIIBCg==' is str, the schema says <data>"
    ]


def test_pkcs12_payload_knows_password_root_payload_does_not() -> None:
    identity = {
        **CERT,
        "PayloadType": "com.apple.security.pkcs12",
        "PayloadContent": b"p12",
        "Password": "secret",
    }
    root = {**identity, "PayloadType": "com.apple.security.root"}
    assert apple_profile_problems(with_payloads(identity, root)) == [
        "PayloadContent[1].Password: key not in the schema"
    ]


@pytest.mark.parametrize(
    "payload_type", ["com.apple.security.scep", "TopLevel", "CommonPayloadKeys", None]
)
def test_payload_type_without_a_published_schema_is_a_problem(payload_type: str | None) -> None:
    payload = {**CERT, "PayloadType": payload_type, "PayloadContent": b"x"}
    problems = apple_profile_problems(with_payloads(payload))
    assert (
        f"PayloadContent[0].PayloadType: no schema for {payload_type!r} in the reference"
        in problems
    )


def test_range_and_format_are_enforced_though_no_reference_file_uses_them_yet() -> None:
    spec = {
        "key": "Port",
        "type": "<integer>",
        "range": {"min": 1, "max": 65535},
        "format": "[1-9][0-9]*",
    }
    assert key_problems("Port", 443, spec) == []
    assert key_problems("Port", 0, spec) == [
        "Port: value 0 outside [1, 65535]",
        "Port: 0 does not match '[1-9][0-9]*'",
    ]


# --- the reference folder --------------------------------------------------------------------


def test_missing_reference_folder_skips_locally(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(reference_schemas, "VENDORED", tmp_path / "absent")
    monkeypatch.setattr(reference_schemas, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="missing from the checkout"):
        reference_schemas.reference_dir("apple")


def test_missing_reference_folder_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(reference_schemas, "VENDORED", tmp_path / "absent")
    monkeypatch.setattr(reference_schemas, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="missing from the checkout"):
        reference_schemas.reference_dir("traefik")


def test_a_copy_that_differs_from_the_shared_folder_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for side in ("ours", "theirs"):
        (tmp_path / side / "apple").mkdir(parents=True)
        (tmp_path / side / "apple" / "TopLevel.yaml").write_text(side, encoding="utf-8")
    monkeypatch.setattr(reference_schemas, "VENDORED", tmp_path / "ours")
    monkeypatch.setattr(reference_schemas, "SHARED", tmp_path / "theirs")
    reference_schemas._same_as_shared.cache_clear()
    try:
        with pytest.raises(AssertionError, match="differs from"):
            reference_schemas.reference_dir("apple")
    finally:
        reference_schemas._same_as_shared.cache_clear()
