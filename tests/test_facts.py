"""The facts of spec/facts.py agree with the names they stand beside: the spec's own
subject keys, the OIDs cryptography knows, and the key labels of a made key."""

from __future__ import annotations

from typing import get_args

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pkispec.rehearse.checks import key_label as made_key_label
from pkispec.spec.facts import DN_FIELDS, key_label
from pkispec.spec.model import DnField, EcKey, RsaKey


def test_the_dn_table_names_every_subject_key_and_the_common_name() -> None:
    assert [dn.spec for dn in DN_FIELDS] == [*get_args(DnField), "common_name"]


def test_the_dn_table_oids_are_cryptographys() -> None:
    by_name = {
        "countryName": NameOID.COUNTRY_NAME,
        "stateOrProvinceName": NameOID.STATE_OR_PROVINCE_NAME,
        "localityName": NameOID.LOCALITY_NAME,
        "organizationName": NameOID.ORGANIZATION_NAME,
        "organizationalUnitName": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "commonName": NameOID.COMMON_NAME,
    }
    assert {dn.openssl: dn.oid for dn in DN_FIELDS} == {
        name: oid.dotted_string for name, oid in by_name.items()
    }


def test_a_made_key_is_labelled_as_the_spec_asks_for_it() -> None:
    made = ec.generate_private_key(ec.SECP384R1()).public_key()
    assert made_key_label(made) == key_label(EcKey(type="ec", curve="secp384r1"))
    assert key_label(RsaKey(type="rsa", bits=4096)) == "RSA 4096"
