"""The emulated machines of tests/e2e: isolated from the host and from each other, with a
systemctl that runs units as systemd would, and a teardown that leaves nothing behind."""

from __future__ import annotations

import re
import secrets
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from e2e.machines import SYSTEMCTL, Machine, MachineError, Network, carry, require_machines
from e2e.systemctl import NOT_EMULATED

WEB_UNIT = """\
[Unit]
Description=a web server on port 443, as a user
After=network-online.target

[Service]
User=web
Environment=GREETING=hello "OTHER=two words"
WorkingDirectory=/srv/www
ExecStart=/usr/bin/python3 -m http.server 443 --bind 127.0.0.1
AmbientCapabilities=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes

[Install]
WantedBy=multi-user.target
"""

NGINX_SITE = """\
server {{
    listen 127.0.0.1:{port};
    root {root};
}}
"""


@pytest.fixture
def net(tmp_path: Path) -> Iterator[Network]:
    require_machines(tmp_path / "probe")
    with Network() as network:
        yield network


@pytest.fixture
def a(net: Network, tmp_path: Path) -> Iterator[Machine]:
    with net.machine("a", tmp_path / "a") as machine:
        yield machine


@pytest.fixture
def b(net: Network, tmp_path: Path) -> Iterator[Machine]:
    with net.machine("b", tmp_path / "b") as machine:
        yield machine


def test_files_written_in_a_machine_stay_in_it(a: Machine, b: Machine, tmp_path: Path) -> None:
    a.write_text("/etc/pkispec-test", "only in a\n")
    assert a.read_text("/etc/pkispec-test") == "only in a\n"
    assert (tmp_path / "a" / "upper" / "etc" / "pkispec-test").is_file()  # its upper dir
    assert not Path("/etc/pkispec-test").exists()
    assert b.run("test -e /etc/pkispec-test", check=False).returncode == 1

    a.hosts({"ca.internal": "127.0.1.10", "edge.internal": "127.0.1.11"})
    assert a.run("getent hosts ca.internal").stdout.split() == ["127.0.1.10", "ca.internal"]
    assert "ca.internal" not in Path("/etc/hosts").read_text()
    assert b.run("getent hosts ca.internal", check=False).returncode != 0


def test_a_user_added_in_a_machine_exists_only_there(a: Machine, b: Machine) -> None:
    host_passwd = Path("/etc/passwd").read_bytes()
    a.run("useradd --system step")
    assert a.run("id -un step").stdout == "step\n"
    assert Path("/etc/passwd").read_bytes() == host_passwd
    assert b.run("id step", check=False).returncode == 1


def test_each_machine_has_its_own_systemctl_and_host_name(net: Network, tmp_path: Path) -> None:
    host_systemctl = Path("/usr/bin/systemctl").read_bytes()
    with net.machine("a", tmp_path / "a") as a:
        assert a.run("readlink -f /bin/systemctl").stdout == "/usr/bin/systemctl\n"
        assert a.run("cat /bin/systemctl").stdout == SYSTEMCTL.read_text()
        assert a.run("hostname").stdout == "a\n"
    assert Path("/usr/bin/systemctl").read_bytes() == host_systemctl


def test_a_service_runs_with_its_units_user_environment_and_capabilities(
    a: Machine, b: Machine
) -> None:
    token = secrets.token_hex(8)
    a.run("useradd --system --no-create-home web && mkdir -p /srv/www")
    a.write_text("/srv/www/token.txt", token)
    a.write_text("/etc/systemd/system/web.service", WEB_UNIT)

    a.run("systemctl daemon-reload && systemctl enable --now web")

    assert a.run("systemctl is-active web").stdout == "active\n"
    assert a.run("systemctl is-enabled web.service").stdout == "enabled\n"
    assert b.run("curl -fsS http://127.0.0.1:443/token.txt").stdout == token
    assert _host_answer("http://127.0.0.1:443/token.txt") != token
    pid = _main_pid(a, "web")
    environ = a.run(f"tr '\\0' '\\n' < /proc/{pid}/environ").stdout.splitlines()
    assert {"GREETING=hello", "OTHER=two words", "USER=web", "LOGNAME=web"} <= set(environ)
    assert a.run(f"readlink /proc/{pid}/cwd").stdout == "/srv/www\n"
    uid = a.run("id -u web").stdout.strip()
    status = a.run(f"cat /proc/{pid}/status").stdout
    assert re.search(rf"^Uid:\s+{uid}\s+{uid}\s+{uid}\s+{uid}$", status, re.M)
    assert re.search(r"^CapAmb:\s+0*400$", status, re.M)  # CAP_NET_BIND_SERVICE only
    journal = a.journal("web")
    assert "ignored [Service] NoNewPrivileges=yes (not emulated)" in journal
    assert "NoNewPrivileges" in NOT_EMULATED

    a.run("systemctl stop web")

    assert a.run("systemctl is-active --quiet web", check=False).returncode == 3
    assert a.run("systemctl is-active web", check=False).stdout == "inactive\n"
    assert a.run(f"test -e /proc/{pid}", check=False).returncode == 1
    assert b.run("curl -fsS http://127.0.0.1:443/", check=False).returncode != 0


def test_debians_nginx_unit_starts_reloads_and_stops(a: Machine, b: Machine) -> None:
    first, second = secrets.token_hex(8), secrets.token_hex(8)
    a.write_text("/srv/one/index.html", first)
    a.write_text("/srv/two/index.html", second)
    a.run("rm /etc/nginx/sites-enabled/default")
    a.write_text("/etc/nginx/sites-enabled/one", NGINX_SITE.format(port=80, root="/srv/one"))

    a.run("systemctl start nginx")

    assert a.run("systemctl is-active nginx").stdout == "active\n"
    assert b.run("curl -fsS http://127.0.0.1/").stdout == first
    master = _main_pid(a, "nginx")
    assert a.read_text("/run/nginx.pid").strip() == str(master)

    a.write_text("/etc/nginx/sites-enabled/two", NGINX_SITE.format(port=8080, root="/srv/two"))
    a.run("nginx -t && systemctl reload nginx")

    assert _eventually(lambda: b.run("curl -fsS http://127.0.0.1:8080/", check=False).stdout) == (
        second
    )
    assert _main_pid(a, "nginx") == master

    a.run("systemctl stop nginx")

    assert a.run("systemctl is-active nginx", check=False).returncode == 3
    assert a.run("pgrep nginx", check=False).returncode == 1


def test_a_failing_oneshot_fails_its_start_and_a_dashed_pre_failure_is_ignored(
    a: Machine,
) -> None:
    a.write_text(
        "/etc/systemd/system/ok.service",
        "[Service]\nType=oneshot\nExecStartPre=-/bin/false\nExecStart=/usr/bin/touch /root/ran\n",
    )
    a.write_text(
        "/etc/systemd/system/bad.service",
        "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo giving up; exit 3'\n",
    )
    a.write_text(
        "/etc/systemd/system/pre.service",
        "[Service]\nType=oneshot\nExecStartPre=/bin/false\nExecStart=/usr/bin/touch /root/pre\n",
    )

    a.run("systemctl start ok")
    bad = a.run("systemctl start bad.service", check=False)
    pre = a.run("systemctl start pre", check=False)

    assert a.run("test -e /root/ran", check=False).returncode == 0
    assert a.run("systemctl is-active ok", check=False).stdout == "inactive\n"
    assert bad.returncode != 0
    assert "ExecStart exited 3" in bad.stderr and "giving up" in bad.stderr
    assert a.run("systemctl is-failed --quiet bad", check=False).returncode == 0
    assert pre.returncode != 0
    assert a.run("test -e /root/pre", check=False).returncode == 1


def test_a_timer_is_active_without_running_its_service(a: Machine) -> None:
    timer = "[Timer]\nOnCalendar=daily\n\n[Install]\nWantedBy=timers.target\n"
    a.write_text("/etc/systemd/system/job.timer", timer)
    a.write_text("/etc/systemd/system/lonely.timer", timer)
    a.write_text(
        "/etc/systemd/system/job.service",
        "[Service]\nType=oneshot\nExecStart=/usr/bin/touch /root/fired\n",
    )

    a.run("systemctl enable --now job.timer")
    lonely = a.run("systemctl enable --now lonely.timer", check=False)

    assert a.run("systemctl is-active job.timer").stdout == "active\n"
    assert a.run("test -e /root/fired", check=False).returncode == 1
    assert lonely.returncode != 0 and "lonely.service not found" in lonely.stderr
    a.run("systemctl start job.service")
    assert a.run("test -e /root/fired", check=False).returncode == 0


def test_systemctl_refuses_what_it_does_not_know(a: Machine) -> None:
    verb = a.run("systemctl mask nginx", check=False)
    assert verb.returncode == 1 and "Unknown command verb 'mask'" in verb.stderr
    missing = a.run("systemctl start nothing-here", check=False)
    assert missing.returncode == 5 and "nothing-here.service not found" in missing.stderr


def test_leaving_a_machine_ends_all_its_processes_even_when_the_body_failed(
    tmp_path: Path,
) -> None:
    require_machines(tmp_path / "probe")
    with Network() as net:
        machine = net.machine("a", tmp_path / "a")
        with pytest.raises(RuntimeError, match="the body failed"), machine:
            machine.write_text(
                "/etc/systemd/system/sleeper.service", "[Service]\nExecStart=/bin/sleep 1000\n"
            )
            machine.run("systemctl start sleeper")
            machine.run("setsid sleep 1000 >/dev/null 2>&1 & sleep 1000 >/dev/null 2>&1 &")
            inside, holder = machine.processes(), machine.pid
            assert len(inside) >= 5  # unshare, PID 1, the service and the two sleeps
            raise RuntimeError("the body failed")
        network = net.pid

        assert machine.processes() == []
        assert [pid for pid in [holder, *inside] if Path(f"/proc/{pid}").exists()] == []
        assert list((tmp_path / "a" / "merged").iterdir()) == []  # never mounted on the host
    assert not Path(f"/proc/{network}").exists()


def test_carry_copies_a_folder_with_its_modes_between_machines(
    a: Machine, b: Machine, tmp_path: Path
) -> None:
    a.run(
        "useradd --system step && mkdir -p /root/ca/secrets && echo key > /root/ca/secrets/key\n"
        "echo cert > /root/ca/root.crt && chmod 700 /root/ca/secrets\n"
        "chmod 600 /root/ca/secrets/key && chown step /root/ca/root.crt"
    )
    b.run("useradd --system step")
    listing = "cd \"$1\" && find . -printf '%M %u %s %p\\n' | sort"

    carry(a, "/root/ca", b, "/srv/ca")
    carry(a, "/root/ca/secrets/key", b, "/srv/key-copy")

    assert (
        b.run(listing.replace("$1", "/srv/ca")).stdout
        == a.run(listing.replace("$1", "/root/ca")).stdout
    )
    assert b.run("stat -c '%a %s' /srv/key-copy").stdout == "600 4\n"
    assert not Path("/srv/ca").exists()

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "hello.sh").write_text("#!/bin/sh\necho hello from $(hostname)\n")
    (bundle / "hello.sh").chmod(0o750)
    a.put(bundle, "/root/bundle")
    assert a.run("/root/bundle/hello.sh").stdout == "hello from a\n"
    a.get("/root/ca/secrets", tmp_path / "back")
    assert (tmp_path / "back" / "key").read_text() == "key\n"
    assert (tmp_path / "back" / "key").stat().st_mode & 0o777 == 0o600


def _main_pid(machine: Machine, unit: str) -> int:
    """The main process of a unit, as `systemctl status` shows it (the machine's numbering)."""
    found = re.search(r"Main PID: (\d+)", machine.run(f"systemctl status {unit}").stdout)
    assert found, f"no main process for {unit}"
    return int(found[1])


def _host_answer(url: str) -> str | None:
    """What the host's own loopback answers at `url`, if anything."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode(errors="replace"))
    except OSError:
        return None


def _eventually(probe: Callable[[], str], tries: int = 20) -> str:
    """A probe's answer once non-empty (nginx's new workers take a moment after a reload)."""
    for _ in range(tries):
        if answer := probe():
            return answer
        time.sleep(0.1)
    return probe()


def test_routed_machines_are_hosts_of_their_own_on_one_wire(net: Network, tmp_path: Path) -> None:
    """Two machines with addresses of their own each serve on the same port, reach each
    other by name over the bridge, and keep 127.0.0.1 to themselves; a machine at the
    address of another shares its network."""
    with (
        net.machine("web", tmp_path / "web", address="127.1.0.2") as web,
        net.machine("ca", tmp_path / "ca", address="127.1.0.3") as ca,
    ):
        for machine in (web, ca):
            machine.write_text("/srv/name", f"{machine.name}\n")
            machine.hosts({"web.internal": "127.1.0.2", "ca.internal": "127.1.0.3"})
            machine.run("setsid python3 -m http.server -d /srv 8000 >/dev/null 2>&1 &")
        for machine in (web, ca):
            machine.run("until curl -s http://127.0.0.1:8000/ >/dev/null; do sleep 0.1; done")
        fetch = "curl -sf --max-time 5 http://{}:8000/name"
        assert web.run(fetch.format("ca.internal")).stdout == "ca\n"
        assert ca.run(fetch.format("web.internal")).stdout == "web\n"
        assert web.run(fetch.format("127.0.0.1")).stdout == "web\n"  # its own loopback
        host = subprocess.run(
            ["curl", "-s", "--max-time", "2", "http://127.1.0.3:8000/name"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert host.stdout != "ca\n"  # the host's network never sees them
        with net.machine("web-2", tmp_path / "web-2", address="127.1.0.2") as beside:
            # one address, one host: its other machine's server is on its 127.0.0.1
            assert beside.run(fetch.format("127.0.0.1")).stdout == "web\n"
    with pytest.raises(MachineError, match=r"not 127\.x\.y\.z"):
        net.machine("bad", tmp_path / "bad", address="10.0.0.1")
