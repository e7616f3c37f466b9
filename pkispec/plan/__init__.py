"""Everything derived from a spec, computed once: names, paths, units, subjects.

Renderers read a Plan and nothing else. The plan has a part per stage of the PKI's
life, each in its own module: the offline CA (`offline`), the online CA (`step`), the
reverse proxies (`edge`), the devices and trust stores (`devices`) and the SSH hosts and
users (`ssh`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pkispec.plan.devices import DevicesPlan, TrustPlan, make_devices, make_trust
from pkispec.plan.edge import EdgePlan, ProxyPlan, TraefikPlan, make_edge
from pkispec.plan.layout import LAYOUT, Layout
from pkispec.plan.offline import (
    CaFiles,
    CaPlan,
    CrlPlan,
    Export,
    PublishPlan,
    Scripts,
    TokenPlan,
    make_offline,
)
from pkispec.plan.ssh import SshPlan, make_ssh
from pkispec.plan.step import AcmePlan, StepPlan, make_step
from pkispec.spec.committed import Committed
from pkispec.spec.model import Spec

__all__ = [
    "AcmePlan",
    "CaFiles",
    "CaPlan",
    "CrlPlan",
    "DevicesPlan",
    "EdgePlan",
    "Export",
    "Plan",
    "ProxyPlan",
    "PublishPlan",
    "Scripts",
    "SshPlan",
    "StepPlan",
    "TokenPlan",
    "TraefikPlan",
    "TrustPlan",
    "make_plan",
]


@dataclass(frozen=True)
class Plan:
    name: str
    prefix: str
    root: CaPlan
    intermediates: tuple[CaPlan, ...]
    crl: CrlPlan
    publish: PublishPlan
    scripts: Scripts
    step: StepPlan | None
    edge: EdgePlan
    devices: DevicesPlan
    trust: TrustPlan | None
    ssh: SshPlan | None
    layout: Layout = LAYOUT  # where every file is: the bundle, the export, each host

    @property
    def cas(self) -> tuple[CaPlan, ...]:
        return (self.root, *self.intermediates)


def make_plan(spec: Spec, committed: Committed | None = None) -> Plan:
    """The plan of a checked spec; `committed` holds the public certificates of the
    spec's second phase (none before the ceremony)."""
    root, intermediates, crl, publish, scripts = make_offline(spec)
    committed = committed or Committed()
    ssh = make_ssh(spec, publish, committed)
    step = make_step(spec, intermediates, ssh)
    return Plan(
        spec.name,
        spec.ceremony.prefix,
        root,
        intermediates,
        crl,
        publish,
        scripts,
        step,
        make_edge(spec, step, crl),
        make_devices(spec, step),
        make_trust(spec, root, publish, step, committed),
        ssh,
    )
