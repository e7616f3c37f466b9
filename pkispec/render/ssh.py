"""The SSH hosts: sshd's drop-in, the revoked keys, the host's install script and the
timer that renews its certificate. The SSH tool itself is the device tool
(devices/issue-certificate.py), whose data render.devices fills in."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from pkispec.artifact import SCRIPT, Artifact
from pkispec.plan import Plan
from pkispec.render.templating import header, render


def render_ssh(plan: Plan) -> list[Artifact]:
    ssh, step = plan.ssh, plan.step
    if ssh is None or step is None:
        return []
    files = plan.layout.bundle
    drop_in = files.sshd_drop_in(plan.name)
    context: dict[str, Any] = {
        "header": header(plan.name),
        "name": plan.name,
        "ssh": ssh,
        "step": step,
        "drop_in_file": PurePosixPath(drop_in).name,  # beside the script, which finds both
        "revoked_file": PurePosixPath(files.ssh_revoked_keys).name,
    }
    return [
        Artifact.text(drop_in, render("sshd-drop-in.conf.j2", **context)),
        Artifact.text(files.ssh_revoked_keys, render("ssh-revoked-keys.j2", **context)),
        Artifact.text(files.install_ssh_host, render("install-ssh-host.sh.j2", **context), SCRIPT),
        Artifact.text(
            f"{files.ssh_units}/{ssh.unit}.service",
            render("ssh-host-renew.service.j2", **context),
        ),
        Artifact.text(
            f"{files.ssh_units}/{ssh.unit}.timer",
            render(
                "timer.j2",
                **context,
                unit=ssh.unit,
                calendar="daily",
                accuracy="1h",
                description=f"Renew the SSH host certificate every day ({plan.name})",
            ),
        ),
    ]
