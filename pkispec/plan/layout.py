"""Where every file is: in the bundle, in the ceremony's export, and on each host.

The renderers, the templates (the runbook among them), the scripts and rehearse read their
paths from here, through the plan; none spells one itself. The guide's own layout is kept
where the guide has one (step-ca's STEPPATH, the CRL site's certs/ and crls/), so that a
reader of the guide finds their files where they expect them.

What varies by spec (the CA directory, STEPPATH, the web root, the proxies' certificate
folders, file names made from the spec's names) stays with the spec's part of the plan;
this module holds the fixed parts and the rules that make the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from pkispec.spec.facts import ROOT_DER_PATH, ROOT_PEM_PATH, chain_path


@dataclass(frozen=True)
class BundleLayout:
    """Every file of the bundle, in a folder per machine the runbook sends it to. The
    ceremony's script names are the plan's `Scripts`; they go into `ceremony`."""

    runbook: str = "RUNBOOK.md"
    # the air-gapped machine
    offline: str = "offline"
    ceremony: str = "offline/ceremony"
    openssl: str = "offline/openssl"
    # the CRL host
    crl_host: str = "crl-host"
    crl_host_scripts: str = "crl-host/sbin"
    crl_host_units: str = "crl-host/systemd"
    crl_host_nginx: str = "crl-host/nginx"
    # the CA server
    ca_server: str = "ca-server"
    install_step_ca: str = "ca-server/install-step-ca.sh"
    add_jwk_provisioner: str = "ca-server/add-jwk-provisioner.py"
    set_data_source: str = "ca-server/set-data-source.py"
    ca_json: str = "ca-server/step/config/ca.json"  # as it goes below STEPPATH
    ca_server_units: str = "ca-server/systemd"
    # the proxies
    edge: str = "edge"
    traefik: str = "edge/traefik"
    traefik_static: str = "edge/traefik/traefik.yml"
    traefik_compose: str = "edge/traefik/compose.traefik.yml"
    caddyfile: str = "edge/caddy/Caddyfile"
    nginx: str = "edge/nginx"
    obtain_certificate: str = "edge/nginx/obtain-certificate.sh"
    nginx_scripts: str = "edge/nginx/sbin"
    nginx_units: str = "edge/nginx/systemd"
    # the devices and the trust stores
    devices: str = "devices"
    issue_certificate: str = "devices/issue-certificate.py"
    sign_profile: str = "devices/sign-profile.sh"
    trust: str = "trust"
    install_root: str = "trust/linux/install-root.sh"
    uninstall_root: str = "trust/linux/uninstall-root.sh"
    install_root_windows: str = "trust/windows/Install-Root.ps1"
    firefox_policies: str = "trust/firefox/policies.json"
    # the SSH hosts
    ssh: str = "ssh"
    install_ssh_host: str = "ssh/install-ssh-host.sh"
    ssh_revoked_keys: str = "ssh/revoked-keys"
    ssh_units: str = "ssh/systemd"

    def sshd_drop_in(self, name: str) -> str:
        """sshd's drop-in, named as in /etc/ssh/sshd_config.d/."""
        return f"{self.ssh}/sshd_config.d/{name}.conf"

    def openssl_cnf(self, slug: str) -> str:
        return f"{self.openssl}/{slug}.cnf"

    def ceremony_script(self, name: str) -> str:
        return f"{self.ceremony}/{name}"

    def traefik_dynamic(self, option: str) -> str:
        return f"{self.traefik}/dynamic/{option}.yml"

    def nginx_site(self, server_name: str) -> str:
        return f"{self.nginx}/{self.nginx_site_file(server_name)}"

    def nginx_acme_site(self, server_name: str) -> str:
        return f"{self.nginx}/{self.nginx_acme_site_file(server_name)}"

    @staticmethod
    def nginx_site_file(server_name: str) -> str:
        """The site's file name, the same in the bundle and in nginx's sites folders."""
        return f"{server_name}.conf"

    @staticmethod
    def nginx_acme_site_file(server_name: str) -> str:
        return f"{server_name}-acme.conf"

    def windows_request(self, slug: str) -> str:
        return f"{self.devices}/windows/{slug}.inf"

    def apple_profile(self, slug: str) -> str:
        return f"{self.devices}/apple/{slug}.mobileconfig"

    def apple_root_profile(self, name: str) -> str:
        return f"{self.trust}/apple/{name}.mobileconfig"

    def trust_script(self, target: str, name: str) -> str:
        """A trust target's script: trust/<target>/<name>.sh."""
        return f"{self.trust}/{target}/{name}.sh"


@dataclass(frozen=True)
class ExportLayout:
    """The public files the ceremony carries out, inside its export folder. The CRL site
    serves them at the same paths (the URL paths are spec facts: the rules check that the
    CRL's own URL is none of them)."""

    folder: str = "export"  # below the CA directory (PKISPEC_PREFIX)
    root_pem: str = ROOT_PEM_PATH.lstrip("/")
    root_der: str = ROOT_DER_PATH.lstrip("/")
    root_crl: str = "crls/root.crl"

    def cert(self, slug: str) -> str:
        """An intermediate's certificate: certs/<slug>.pem, beside its chain."""
        return str(PurePosixPath(self.chain(slug)).with_name(f"{slug}.pem"))

    def chain(self, slug: str) -> str:
        return chain_path(slug).lstrip("/")

    @staticmethod
    def name(path: str) -> str:
        """The file name alone, as a proxy's certificate folder holds it: 'root.pem'."""
        return PurePosixPath(path).name


@dataclass(frozen=True)
class StepLayout:
    """Where install-step-ca.sh puts each file, relative to STEPPATH (the guide's layout)."""

    root_cert: str = "certs/root_ca.crt"
    cert: str = "certs/intermediate_ca.crt"
    key: str = "secrets/intermediate_ca_key"
    password: str = "secrets/password"  # noqa: S105 - where it is kept, not a password
    pin: str = "secrets/pkcs11-pin"  # the token's PIN, when the intermediate's key is on one
    ca_json: str = "config/ca.json"
    defaults: str = "config/defaults.json"
    # the SSH CA's keys, made on the CA host under the intermediate's passphrase
    ssh_host_key: str = "secrets/ssh_host_ca_key"
    ssh_user_key: str = "secrets/ssh_user_ca_key"


@dataclass(frozen=True)
class HostLayout:
    """Fixed paths on the hosts (Debian's), where the runbook installs what the bundle has."""

    systemd_units: str = "/etc/systemd/system"
    sbin: str = "/usr/local/sbin"
    nginx_sites_available: str = "/etc/nginx/sites-available"
    nginx_sites_enabled: str = "/etc/nginx/sites-enabled"
    ca_certificates: str = "/usr/local/share/ca-certificates"  # update-ca-certificates
    ssl_certs: str = "/etc/ssl/certs"  # what update-ca-certificates links and bundles
    ca_certificates_hooks: str = "/etc/ca-certificates/update.d"  # its run-parts hooks
    firefox_policies: str = "/etc/firefox/policies"  # read by Mozilla's and Debian's builds
    fedora_anchors: str = "/etc/pki/ca-trust/source/anchors"  # update-ca-trust (documented)
    profile_d: str = "/etc/profile.d"  # what login shells source
    containers_certs: str = "/etc/containers/certs.d"  # Podman, Buildah, skopeo
    docker_certs: str = "/etc/docker/certs.d"
    caddyfile: str = "/etc/caddy/Caddyfile"
    token_files: str = "/root/pkispec-tokens"  # noqa: S105 - a DKEK share, a public key
    softhsm_tokens: str = "/var/lib/softhsm/tokens"  # one folder per SoftHSM2 token
    ssh: str = "/etc/ssh"
    sshd_config_d: str = "/etc/ssh/sshd_config.d"  # Debian's sshd_config includes *.conf
    ssh_host_key: str = "/etc/ssh/ssh_host_ed25519_key"  # made by openssh-server
    caddy_certificates: str = "/var/lib/caddy/.local/share/caddy/certificates"  # Debian's


@dataclass(frozen=True)
class Layout:
    bundle: BundleLayout = BundleLayout()
    export: ExportLayout = ExportLayout()
    step: StepLayout = StepLayout()
    host: HostLayout = HostLayout()


LAYOUT = Layout()
