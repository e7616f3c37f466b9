"""The root's way into trust stores: Linux, Windows, Firefox (scripts and a policy), and
Apple's profile once the root is committed (the spec's second phase), and the runbook's
steps for Android and, before that, Apple devices.

Each script fetches the root at apply time and installs it only when its SHA-256
fingerprint is the one the operator wrote down at the root ceremony.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

from pkispec.artifact import SCRIPT, Artifact
from pkispec.plan import Plan, TrustPlan
from pkispec.plan.layout import HostLayout
from pkispec.render.structured import plist_bytes
from pkispec.render.templating import header, render


def firefox_policies(trust: TrustPlan, directory: str) -> dict[str, object]:
    """Firefox's enterprise policy: its own store gets the root (as install-root.sh puts it
    into `directory`); on Windows and macOS it also takes what the system trusts."""
    return {
        "policies": {
            "Certificates": {
                "ImportEnterpriseRoots": True,
                "Install": [f"{directory}/{trust.name}.crt"],
            }
        }
    }


def apple_root_profile(trust: TrustPlan, root_der: bytes) -> dict[str, Any]:
    """A profile with the root as a com.apple.security.root payload; iOS still needs
    full trust switched on by hand (Certificate Trust Settings)."""
    payload = {
        "PayloadCertificateFileName": f"{trust.name}.crt",
        "PayloadContent": root_der,
        "PayloadDisplayName": trust.common_name,
        "PayloadIdentifier": f"{trust.identifier_base}.trust.root",
        "PayloadType": "com.apple.security.root",
        "PayloadUUID": trust.payload_uuid,
        "PayloadVersion": 1,
    }
    return {
        "PayloadContent": [payload],
        "PayloadDescription": f"Trusts the root certificate authority {trust.common_name} "
        f"(SHA-256 {trust.fingerprint}).",
        "PayloadDisplayName": f"{trust.common_name} (root)",
        "PayloadIdentifier": f"{trust.identifier_base}.trust",
        "PayloadType": "Configuration",
        "PayloadUUID": trust.profile_uuid,
        "PayloadVersion": 1,
    }


Script = tuple[str, str, dict[str, object]]  # template, script name, the template's context


def _pair(install: str, uninstall: str, context: dict[str, object]) -> list[Script]:
    """A target's installer and uninstaller, install-root.sh and uninstall-root.sh."""
    return [(install, "install-root", context), (uninstall, "uninstall-root", context)]


def _runtime(trust: TrustPlan, host: HostLayout, runtime: str, value: str) -> list[Script]:
    """A target whose variables, in a login shell's profile, point a runtime at a file."""
    names = {"python": ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"), "node": ("NODE_EXTRA_CA_CERTS",)}
    context: dict[str, object] = {
        "runtime": runtime,
        "profile": f"{host.profile_d}/{trust.name}-{runtime}.sh",
        "variables": [(name, value) for name in names[runtime]],
        "bundle_file": value,
    }
    return _pair("trust-env-install", "trust-env-uninstall", context)


def trust_scripts(trust: TrustPlan, host: HostLayout) -> dict[str, list[Script]]:
    """The scripts of each target that has some, in the order the runbook applies them."""
    firefox: dict[str, object] = {"browser": "firefox", "policies": host.firefox_policies}
    return {
        "linux": _pair("install-root", "uninstall-root", {"directory": host.ca_certificates}),
        "firefox": [
            ("firefox-policy-install", "install-policy", firefox),
            ("firefox-policy-uninstall", "uninstall-policy", firefox),
            *_pair("nss-install", "nss-uninstall", firefox),
        ],
        "chromium": _pair("nss-install", "nss-uninstall", {"browser": "chromium"}),
        "java": _pair("java-install", "java-uninstall", {}),
        "python": _runtime(trust, host, "python", f"{host.ssl_certs}/ca-certificates.crt"),
        "node": _runtime(trust, host, "node", f"{host.ca_certificates}/{trust.name}.crt"),
        "containers": _pair("containers-install", "containers-uninstall", {}),
    }


def render_trust(plan: Plan) -> list[Artifact]:
    trust = plan.trust
    if trust is None:
        return []
    top, files, host = header(plan.name), plan.layout.bundle, plan.layout.host
    out = [
        Artifact.text(
            files.trust_script(target, name),
            render(f"{template}.sh.j2", header=top, trust=trust, **context),
            SCRIPT,
        )
        for target, scripts in trust_scripts(trust, host).items()
        if target in trust.targets
        for template, name, context in scripts
    ]
    if "windows" in trust.targets:
        text = render("Install-Root.ps1.j2", header=top, trust=trust)
        # Windows PowerShell 5.1 reads a script without a byte-order mark as ANSI
        out.append(
            Artifact(
                PurePosixPath(files.install_root_windows),
                text.replace("\n", "\r\n").encode("utf-8-sig"),
            )
        )
    if "apple" in trust.targets and trust.root_der is not None:
        out.append(
            Artifact(
                PurePosixPath(files.apple_root_profile(trust.name)),
                plist_bytes(apple_root_profile(trust, trust.root_der)),
            )
        )
    if "firefox" in trust.targets:
        out.append(
            Artifact.text(
                files.firefox_policies,
                json.dumps(firefox_policies(trust, host.firefox_policies), indent=2) + "\n",
            )
        )
    return out
