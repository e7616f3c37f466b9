"""Specs of any size, made from the example: the example plus N client devices."""

from __future__ import annotations

from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "homelab.pki.yaml"
#: the example's own kinds of client, with its lifetimes: it builds without a warning
KINDS = (
    "  - kind: pkcs12\n    name: Phone {i}\n    platform: android\n    provisioner: derlev\n"
    "    lifetime: 7d\n",
    "  - kind: windows-tpm\n    name: Desktop {i}\n    provisioner: derlev\n    lifetime: 7d\n",
    "  - kind: apple-acme\n    name: iPad {i}\n    client_identifier: SERIAL{i:08d}\n"
    "    provisioner: apple-afpl541u\n",
)


def scaled(clients: int, folder: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    extra = "".join(KINDS[i % len(KINDS)].format(i=i) for i in range(clients))
    marker = "clients:\n"
    assert marker in text
    path = folder / f"scaled-{clients}.pki.yaml"
    path.write_text(text.replace(marker, marker + extra, 1), encoding="utf-8")
    return path
