"""The devices: the client-certificate tool, Windows TPM requests, Apple ACME profiles and
the profile-signing script.

Profiles are property lists through plistlib; the INF files come from a template with INF
quoting, and issue-certificate.py is the package's program with the spec's data filled in.
No key, passphrase or random value is in any of them: keys are made on the device (TPM,
Secure Enclave) or by issue-certificate.py at apply time.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from pkispec.artifact import SCRIPT, Artifact
from pkispec.plan import Plan, SshPlan
from pkispec.plan.devices import ApplePlan, DevicesPlan, WindowsPlan
from pkispec.plan.ssh import SSHPOP
from pkispec.render import quoting
from pkispec.render.program import fill_program
from pkispec.render.structured import plist_bytes
from pkispec.render.templating import header, render

CLIENT_AUTH = "1.3.6.1.5.5.7.3.2"


def _issued_config(devices: DevicesPlan) -> dict[str, dict[str, object]]:
    return {
        i.slug: {
            "common_name": i.common_name,
            "sans": list(i.sans),
            "provisioner": i.provisioner,
            "output": i.output,
            "pkcs12": i.pkcs12,
            "lifetime": i.not_after,
        }
        for i in devices.issued
    }


def apple_profile(devices: DevicesPlan, apple: ApplePlan) -> dict[str, Any]:
    acme = {
        "Attest": True,
        "ClientIdentifier": apple.client_identifier,
        "DirectoryURL": apple.directory_url,
        "ExtendedKeyUsage": [CLIENT_AUTH],
        "HardwareBound": True,
        "KeySize": apple.key_size,
        "KeyType": "ECSECPrimeRandom",
        "PayloadDisplayName": "ACME certificate",
        "PayloadIdentifier": f"{apple.profile_identifier}.acme",
        "PayloadType": "com.apple.security.acme",
        "PayloadUUID": apple.payload_uuid,
        "PayloadVersion": 1,
        "Subject": [[["CN", apple.client_identifier]]],
    }
    return {
        "PayloadContent": [acme],
        "PayloadDescription": "A client certificate made in this device's Secure Enclave "
        "and issued over ACME device-attest-01.",
        "PayloadDisplayName": f"{apple.display_name} client certificate",
        "PayloadIdentifier": apple.profile_identifier,
        "PayloadOrganization": devices.organization,
        "PayloadScope": "System",
        "PayloadType": "Configuration",
        "PayloadUUID": apple.profile_uuid,
        "PayloadVersion": 1,
    }


def _windows(plan: Plan, client: WindowsPlan) -> Artifact:
    return Artifact.text(
        plan.layout.bundle.windows_request(client.slug),
        render(
            "certreq.inf.j2",
            header=header(plan.name),
            client=client,
            subject=quoting.inf(quoting.windows_dn(client.common_name)),
            friendly=quoting.inf(client.common_name),
            sans=_inf_sans(client.sans),
        ),
    )


def _inf_sans(sans: tuple[str, ...]) -> list[str]:
    """The _continue_ values of certreq's "{text}" SAN: one name each, '&' between them."""
    last = len(sans) - 1
    return [quoting.inf(f"url={s}" + ("&" if i < last else "")) for i, s in enumerate(sans)]


def ssh_config(ssh: SshPlan | None) -> dict[str, object]:
    """The SSH tool's data: who signs, who renews, the hosts and the users."""
    if ssh is None:
        return {"provisioner": "", "sshpop": "", "hosts": {}, "users": {}, "known_hosts": []}
    return {
        "provisioner": ssh.provisioner,
        "sshpop": SSHPOP,
        "hosts": {h.name: list(h.principals) for h in ssh.hosts},
        "users": {u.name: list(u.principals) for u in ssh.users},
        "known_hosts": list(ssh.known_hosts),
    }


def render_devices(plan: Plan) -> list[Artifact]:
    devices = plan.devices
    if not (devices.any or plan.ssh) or plan.step is None:
        return []
    top = header(plan.name)
    out = [
        Artifact.text(
            plan.layout.bundle.issue_certificate,
            fill_program(
                "issue_certificate.py",
                top,
                {
                    "CA_URL": quoting.python(devices.ca_url),
                    "CLIENTS": quoting.python_table(_issued_config(devices)),
                    "SSH": quoting.python(ssh_config(plan.ssh)),
                },
            ),
            SCRIPT,
        ),
    ]
    out += [_windows(plan, w) for w in devices.windows]
    out += [
        Artifact(
            PurePosixPath(plan.layout.bundle.apple_profile(a.slug)),
            plist_bytes(apple_profile(devices, a)),
        )
        for a in devices.apple
    ]
    if devices.signer:
        out.append(
            Artifact.text(
                plan.layout.bundle.sign_profile,
                render("sign-profile.sh.j2", header=top, signer=devices.signer, step=plan.step),
                SCRIPT,
            )
        )
    return out
