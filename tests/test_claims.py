"""Claims merge as step-ca's Claimer merges them (authority/provisioner/claims.go).

A layer's own value wins; a default set below the inherited minimum or above the
inherited maximum widens that bound; step-ca refuses to start when the global claims or
any provisioner's end up out of order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE
from pkispec.errors import SpecError
from pkispec.spec import load
from pkispec.spec.facts import effective_claims

_TEXT = EXAMPLE.read_text(encoding="utf-8")
# without the proxies, whose duration check is test_invalid_specs' business
BASE = _TEXT[: _TEXT.index("proxies:\n")] + _TEXT[_TEXT.index("clients:\n") :]


def spec_with(global_claims: str, acme_claims: str) -> str:
    text = BASE.replace(
        "  claims:\n    default_tls_cert_duration: 24h\n", f"  claims: {global_claims}\n", 1
    )
    return text.replace(
        "      challenges: [http-01, dns-01, tls-alpn-01]\n",
        f"      challenges: [http-01, dns-01, tls-alpn-01]\n      claims: {acme_claims}\n",
        1,
    )


@pytest.mark.parametrize(
    ("global_claims", "acme_claims", "merged"),
    [
        ("{}", "{}", ("5m", "24h", "24h")),
        ("{default_tls_cert_duration: 48h}", "{}", ("5m", "48h", "48h")),  # max widened
        ("{}", "{default_tls_cert_duration: 1m}", ("1m", "1m", "24h")),  # min widened
        (
            "{max_tls_cert_duration: 168h}",
            "{default_tls_cert_duration: 72h}",
            ("5m", "72h", "168h"),
        ),
    ],
)
def test_valid_merges(
    tmp_path: Path, global_claims: str, acme_claims: str, merged: tuple[str, str, str]
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(spec_with(global_claims, acme_claims), encoding="utf-8")
    spec = load(path).spec
    assert spec.ca_server is not None
    acme = spec.ca_server.provisioners[1]
    got = effective_claims(spec.ca_server, acme.claims)
    assert (
        str(got["min_tls_cert_duration"].human()),
        got["default_tls_cert_duration"].human(),
        got["max_tls_cert_duration"].human(),
    ) == tuple(
        d.replace("24h", "1d").replace("48h", "2d").replace("72h", "3d").replace("168h", "7d")
        for d in merged
    )


@pytest.mark.parametrize(
    ("global_claims", "acme_claims", "where"),
    [
        ("{max_tls_cert_duration: 1h}", "{default_tls_cert_duration: 30m}", "ca_server.claims"),
        (
            "{}",
            "{min_tls_cert_duration: 1h, default_tls_cert_duration: 30m}",
            "provisioner 'acme-z9w4d11j'",
        ),
    ],
)
def test_out_of_order_merges(
    tmp_path: Path, global_claims: str, acme_claims: str, where: str
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(spec_with(global_claims, acme_claims), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load(path)
    messages = [i.problem.message for i in caught.value.errors if i.problem.code == "PKI107"]
    assert len(messages) == 1
    assert messages[0].startswith(where)
