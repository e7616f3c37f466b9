"""The shape of a pkispec spec: pydantic models, types only, every key known.

The whole private PKI of the guide is expressed here. PKI meaning (lifetimes that nest,
claims in order, names inside constraints) lives in `rules`, not here.

Every field carries a description and, where a user writes its value, examples: they are
what `pkispec schema` gives editors. An example follows the guide where the guide has a
value, and tests/test_schema.py validates each one.

The models live by stage, as the plan and the rules do: `common` (subjects, keys,
policies), `offline`, `server` (step-ca), `edge`, `devices`, and `spec`, the whole. Every
public name is re-exported here, so `from pkispec.spec.model import X` names any of them.
"""

from __future__ import annotations

from pkispec.spec.model.common import (
    Digest,
    DnField,
    EcKey,
    KeySpec,
    Pkcs11Key,
    Policy,
    RsaKey,
    Strict,
    Subject,
    loose_policy,
    strict_policy,
)
from pkispec.spec.model.devices import (
    AppleAcmeClient,
    Client,
    Pkcs12Client,
    ProfileSigner,
    Trust,
    WindowsTpmClient,
)
from pkispec.spec.model.edge import (
    NginxProxy,
    Proxies,
    SimpleProxy,
    Traefik,
    TraefikChallenge,
    TraefikDomain,
    TraefikMtls,
    TraefikRouter,
)
from pkispec.spec.model.offline import (
    Ceremony,
    CrlPublishing,
    Intermediate,
    NameConstraints,
    Revocation,
    RevocationReason,
    Root,
    RootCrl,
)
from pkispec.spec.model.server import (
    AcmeProvisioner,
    CaServer,
    Challenge,
    Claims,
    Database,
    EmbeddedDb,
    JwkProvisioner,
    MysqlDb,
    Provisioner,
    StepCrl,
)
from pkispec.spec.model.spec import Spec, merged_subject
from pkispec.spec.model.ssh import Ssh, SshHost, SshUser

__all__ = [
    "AcmeProvisioner",
    "AppleAcmeClient",
    "CaServer",
    "Ceremony",
    "Challenge",
    "Claims",
    "Client",
    "CrlPublishing",
    "Database",
    "Digest",
    "DnField",
    "EcKey",
    "EmbeddedDb",
    "Intermediate",
    "JwkProvisioner",
    "KeySpec",
    "MysqlDb",
    "NameConstraints",
    "NginxProxy",
    "Pkcs11Key",
    "Pkcs12Client",
    "Policy",
    "ProfileSigner",
    "Provisioner",
    "Proxies",
    "Revocation",
    "RevocationReason",
    "Root",
    "RootCrl",
    "RsaKey",
    "SimpleProxy",
    "Spec",
    "Ssh",
    "SshHost",
    "SshUser",
    "StepCrl",
    "Strict",
    "Subject",
    "Traefik",
    "TraefikChallenge",
    "TraefikDomain",
    "TraefikMtls",
    "TraefikRouter",
    "Trust",
    "WindowsTpmClient",
    "loose_policy",
    "merged_subject",
    "strict_policy",
]
