"""The SSH certificate authority's plan: who signs, for how long, the hosts and users, and
where each file goes on a host."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pkispec.plan.layout import LAYOUT
from pkispec.plan.offline import PublishPlan, root_url
from pkispec.spec.committed import Committed
from pkispec.spec.durations import Duration
from pkispec.spec.facts import step_url
from pkispec.spec.model import Spec

#: step-ca's provisioner that renews host certificates with the host's own key
SSHPOP = "sshpop"


@dataclass(frozen=True)
class Principals:
    name: str  # the certificate's key ID: a host's DNS name, a user's name
    principals: tuple[str, ...]


@dataclass(frozen=True)
class SshPlan:
    provisioner: str  # the JWK provisioner that signs first certificates
    user_lifetime: Duration
    host_lifetime: Duration
    hosts: tuple[Principals, ...]
    users: tuple[Principals, ...]
    revoked_keys: tuple[str, ...]
    # on each host
    drop_in: str  # sshd_config.d/<name>.conf
    host_key: str  # the host key that is certified (ed25519, made by openssh-server)
    host_cert: str
    user_ca: str  # TrustedUserCAKeys, fetched from step-ca
    revoked: str  # RevokedKeys, the bundle's list
    root: str  # the root that step-ca's TLS must chain to
    tool: str  # the SSH tool (issue-certificate.py), which the timer runs
    unit: str  # the renewal's service and timer
    ca_url: str  # step-ca's
    root_url: str  # where install-ssh-host.sh fetches the root by default
    fingerprint: str | None  # the committed root's, the default of the pinned fetch

    @property
    def known_hosts(self) -> tuple[str, ...]:
        """The names `@cert-authority` vouches for: every principal of every host."""
        return tuple(dict.fromkeys(p for host in self.hosts for p in host.principals))

    @property
    def claims(self) -> tuple[tuple[str, Any], ...]:
        """What the signing provisioner's claims get (step-ca's authority/provisioner)."""
        return (
            ("defaultHostSSHCertDuration", self.host_lifetime.go()),
            ("defaultUserSSHCertDuration", self.user_lifetime.go()),
            ("enableSSHCA", True),
            ("maxHostSSHCertDuration", self.host_lifetime.go()),
            ("maxUserSSHCertDuration", self.user_lifetime.go()),
        )


def make_ssh(spec: Spec, publish: PublishPlan, committed: Committed) -> SshPlan | None:
    section = spec.ssh
    if section is None or spec.ca_server is None:
        return None
    host = LAYOUT.host
    ca_url = step_url(spec.ca_server)
    return SshPlan(
        provisioner=section.provisioner,
        user_lifetime=section.user_lifetime,
        host_lifetime=section.host_lifetime,
        hosts=tuple(Principals(h.name, tuple(h.principals or [h.name])) for h in section.hosts),
        users=tuple(Principals(u.name, tuple(u.principals or [u.name])) for u in section.users),
        revoked_keys=tuple(section.revoked_keys),
        drop_in=f"{host.sshd_config_d}/{spec.name}.conf",
        host_key=host.ssh_host_key,
        host_cert=f"{host.ssh_host_key}-cert.pub",
        user_ca=f"{host.ssh}/{spec.name}-user-ca.pub",
        revoked=f"{host.ssh}/{spec.name}-revoked-keys",
        root=f"{host.ssh}/{spec.name}-root.pem",
        tool=f"{host.sbin}/pkispec-{spec.name}-ssh-certificate",
        unit=f"pkispec-{spec.name}-ssh-renew",
        ca_url=ca_url,
        root_url=root_url(publish, ca_url),
        fingerprint=committed.root_fingerprint or spec.root.fingerprint,
    )
