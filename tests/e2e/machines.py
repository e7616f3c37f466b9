"""Emulated Linux machines on this one host, for tests that run a runbook's commands literally.

A `Network` is a private network namespace with `lo` up and a bridge: its ports 80 and 443
never clash with the host's or another test's. A machine either shares that namespace (its
machines reach each other on 127.0.0.1) or, given an `address` in 127.0.0.0/8, has a network
namespace of its own, wired to the bridge: then it is a host of its own, as the runbook's
machines are, and two of them may each run a server on :443. Such a machine keeps 127.0.0.1
on `lo` and reaches the other machines' 127.x addresses through the bridge: the kernel's
local route for all of 127.0.0.0/8 is narrowed to 127.0.0.1, and route_localnet lets the
loopback addresses through the wire. Nothing leaves the network namespaces.
A `Machine` of a network is a copy-on-write view of this host's root file system (overlayfs,
lowerdir=/, its upper dir under the test's tmp dir) in its own mount, PID and UTS namespaces,
with fresh /proc, /tmp, /run and /dev/shm. Commands run there as root with absolute paths
(/etc/nginx/..., /etc/systemd/system/..., useradd, update-ca-certificates) and change only the
machine; /usr/bin/systemctl there is tests/e2e/systemctl.py, since no systemd runs.

    with Network() as net, net.machine("ca", tmp_path / "ca") as ca:
        ca.run("useradd --system step && systemctl enable --now step-ca")

Leaving a machine stops its units and kills every process in it: the machine's PID 1 is a
small reaper, and when it dies the kernel kills the rest of its PID namespace; the overlay
goes with the mount namespace. Each holder process also dies with the test process
(setpriv --pdeathsig), so even a killed pytest leaves no machine behind.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

import pytest

from conftest import IN_CI

from .systemctl import LOG_DIR, unit_name

TOOLS = ("unshare", "nsenter", "setpriv", "mount", "chroot", "tar", "ip", "hostname")
BASE_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
}
SYSTEMCTL = Path(__file__).with_name("systemctl.py")
READY_TIMEOUT = 10.0  # seconds a holder has to set its namespaces up
KILL_TIMEOUT = 10.0  # seconds the processes of a machine have to die after SIGKILL

# Run as the machine's PID 1: reaps the orphans of its PID namespace, so daemons that
# double-fork leave no zombies (this host's PID 1 does not reap). It says `ready` only once
# chrooted: nsenter --root takes the root of this process, and before the chroot that is the
# host's own / (a write there would change the host).
REAPER = """\
import os, signal
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
print("ready", flush=True)
while True:
    signal.sigwait([signal.SIGCHLD])
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass
"""

# A routed machine's own network, set up from the host once its PID 1 runs: $1 is the
# address; the veth's end `eth0` is already in the machine's network namespace.
ROUTED = """\
sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.default.route_localnet=1
ip link set lo up
ip route del table local local 127.0.0.0/8 dev lo
ip route replace table local local 127.0.0.1 dev lo
ip address add "$1/8" dev eth0
sysctl -qw net.ipv4.conf.eth0.route_localnet=1
ip link set eth0 up
"""
# The hub's end of a routed machine's veth, on the bridge: $1 its name, $2 the machine's
# PID 1, whose network namespace gets the other end as `eth0`.
PORT = """\
ip link add "$1" type veth peer name eth0 netns "$2"
ip link set "$1" master pkispec0
ip link set "$1" up
"""
HUB = """\
ip link set lo up
ip link add pkispec0 type bridge
ip link set pkispec0 up
echo ready
exec sleep infinity
"""

# The machine's setup, run in its new namespaces: $1 name, $2 merged, $3 upper, $4 work dir.
# /dev, /proc, /sys, /tmp and /run are mounts of their own on the host, not in lowerdir=/.
SETUP = """\
hostname "$1"
mount -t overlay overlay -o "lowerdir=/,upperdir=$3,workdir=$4" "$2"
mount --rbind /dev "$2/dev"
mount -t tmpfs -o mode=1777 tmpfs "$2/dev/shm"
mount -t proc proc "$2/proc"
mount --rbind /sys "$2/sys"
mount -t tmpfs -o mode=1777 tmpfs "$2/tmp"
mount -t tmpfs -o mode=755 tmpfs "$2/run"
mkdir -m 1777 "$2/run/lock"
exec chroot "$2" /usr/bin/python3 -c "$5"
"""

STOP_UNITS = """\
systemctl list-units --state=active --no-legend | while read -r unit _; do
  systemctl stop "$unit" || true
done
"""

# A copy's two ends, run by bash with $1 the path: a folder's content is merged into the
# destination folder (as `cp -a SRC/. DEST`); a file replaces the destination file.
PACK_FOLDER = 'tar -C "$1" -cf - .'
PACK_FILE = 'tar -C "$(dirname -- "$1")" -cf - --transform="s,.*,payload," -- "$(basename -- "$1")"'
UNPACK_FOLDER = 'mkdir -p -- "$1" && tar -C "$1" -xpf -'
UNPACK_FILE = """\
parent=$(dirname -- "$1")
mkdir -p -- "$parent"
staging=$(mktemp -d "$parent/.copy.XXXXXX")
tar -C "$staging" -xpf -
mv -fT -- "$staging/payload" "$1"
rmdir -- "$staging"
"""


class MachineError(Exception):
    """A machine that cannot start or stop, or a command in it that failed."""


class UnavailableError(MachineError):
    """This host cannot emulate machines: not root, a tool missing, no namespaces or overlay."""


def check_host(scratch: Path) -> None:
    """Raise UnavailableError unless this host can make a machine (tried in `scratch`)."""
    if os.geteuid() != 0:
        raise UnavailableError("emulated machines need root (namespaces and mounts)")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise UnavailableError(f"emulated machines need {', '.join(missing)} (util-linux...)")
    dirs = [scratch / d for d in ("merged", "upper", "work")]
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
    probe = 'mount -t overlay overlay -o "lowerdir=/,upperdir=$2,workdir=$3" "$1"'
    proc = subprocess.run(
        [
            *("unshare", "--net", "--mount", "--pid", "--fork", "--uts", "--propagation=private"),
            *("--", "/bin/sh", "-euc", probe, "probe", *map(str, dirs)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise UnavailableError(f"no namespaces or no overlay with lowerdir=/: {proc.stderr}")


def require_machines(scratch: Path) -> None:
    """Skip a local run, and fail in CI, when this host cannot emulate machines."""
    try:
        check_host(scratch)
    except UnavailableError as exc:
        if IN_CI:
            pytest.fail(str(exc))
        pytest.skip(str(exc))


class Network:
    """A private network namespace (only `lo`, up) that its machines share."""

    def __init__(self) -> None:
        self._holder: subprocess.Popen[str] | None = None
        self._machines: list[Machine] = []

    @property
    def pid(self) -> int:
        """The process that holds the namespace open."""
        if self._holder is None:
            raise MachineError("the network is not up: use it as `with Network() as net:`")
        return self._holder.pid

    def machine(self, name: str, root_dir: Path, address: str | None = None) -> Machine:
        """A machine on this network, its overlay's dirs under `root_dir`; `with` starts it.

        With an `address` (127.x.y.z, not 127.0.0.1) it has a network namespace of its own;
        machines given the same address share one, as the services of one host do.
        """
        if address is not None:
            ip = ipaddress.ip_address(address)
            if not ip.is_loopback or ip == ipaddress.ip_address("127.0.0.1"):
                raise MachineError(f"{name}: {address} is not 127.x.y.z other than 127.0.0.1")
        return Machine(self, name, root_dir, address)

    def __enter__(self) -> Network:
        self._holder = _start_holder(["unshare", "--net", "--", "/bin/sh", "-euc", HUB])
        return self

    def wire(self, machine: Machine) -> None:
        """Give a routed machine's network namespace its end of a veth on the bridge."""
        assert machine.address is not None
        port = f"pk{machine.pid}"
        into = {self.pid: (PORT, port, str(machine.pid)), machine.pid: (ROUTED, machine.address)}
        for pid, (script, *args) in into.items():
            argv = ["nsenter", f"--target={pid}", "--net", "--", "/bin/sh", "-euc", script, "sh"]
            _run_host([*argv, *args])

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the machines still open, then end every process left in the namespace."""
        for machine in reversed(self._machines):
            machine.close()
        if self._holder is not None:
            namespace = _namespace(self._holder.pid, "net")
            _kill_until_gone(lambda: _pids_in("net", namespace), "network")
            _reap(self._holder)
            self._holder = None


class Machine:
    """An emulated Linux machine: this host's root file system, copy-on-write, in namespaces."""

    def __init__(
        self, network: Network, name: str, root_dir: Path, address: str | None = None
    ) -> None:
        self.network = network
        self.name = name
        self.dir = root_dir
        self.address = address  # its own network namespace's address, if it has one
        self._holder: subprocess.Popen[str] | None = None  # unshare, the parent of PID 1
        self._pid = 0  # the machine's PID 1, as this host numbers it
        self._mnt = ""  # the mount namespace, as /proc/PID/ns/mnt names it

    @property
    def pid(self) -> int:
        """The machine's PID 1 (its reaper) as the host numbers it; nsenter targets it."""
        if not self._pid:
            raise MachineError(f"machine {self.name} is not running: use it in a `with`")
        return self._pid

    def __enter__(self) -> Machine:
        dirs = [self.dir / d for d in ("merged", "upper", "work")]
        if any(re.search(r"[,:\s]", str(d)) for d in dirs):
            raise MachineError(f"overlayfs cannot take {self.dir}: no commas, colons or blanks")
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
        # a routed machine's network namespace is made by its own unshare, unless a machine
        # of the network has its address already: then the two are one host's
        beside = [m for m in self.network._machines if self.address and m.address == self.address]
        if self.address and not beside:
            network = ["unshare", "--net", "--"]
        else:
            joined = beside[0].pid if beside else self.network.pid
            network = ["nsenter", f"--target={joined}", "--net", "--"]
        self._holder = _start_holder(
            [
                *network,
                *("unshare", "--mount", "--propagation=private", "--uts", "--pid", "--kill-child"),
                *("--", "/bin/sh", "-euc", SETUP, "setup", self.name, *map(str, dirs), REAPER),
            ]
        )
        try:
            self._pid = _child_of(self._holder.pid)
            self._mnt = _namespace(self._pid, "mnt")
            root = Path(f"/proc/{self._pid}/root").readlink()
            if root != dirs[0]:  # never run a machine's command in the host's root
                raise MachineError(f"machine {self.name}: PID 1's root is {root}, not {dirs[0]}")
            if self.address and not beside:
                self.network.wire(self)
            self.write_text("/usr/bin/systemctl", SYSTEMCTL.read_text(), mode=0o755)
        except BaseException:
            self.close()
            raise
        self.network._machines.append(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the units still running, then kill every process of the machine.

        The overlay is mounted only in the machine's mount namespace; it goes when the last
        process there does, after which the machine's dirs can be deleted.
        """
        if self._holder is None:
            return
        try:
            if self._pid:
                with contextlib.suppress(subprocess.TimeoutExpired):  # they die below anyway
                    self.run(STOP_UNITS, check=False, timeout=60)
        finally:
            if self._pid:
                _kill(self._pid)  # the kernel kills the rest of the PID namespace
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._holder.wait(KILL_TIMEOUT)  # unshare reaps PID 1, then exits
            _kill_until_gone(self.processes, f"machine {self.name}")
            _reap(self._holder)
            self._holder, self._pid = None, 0
            if self in self.network._machines:
                self.network._machines.remove(self)

    def processes(self) -> list[int]:
        """The host's numbers of the processes in the machine's mount namespace."""
        return _pids_in("mnt", self._mnt) if self._mnt else []

    def _bash(self, script: str, *args: str, env: Mapping[str, str] | None = None) -> list[str]:
        """The command line running a bash script in the machine, with a clean environment."""
        env = BASE_ENV | dict(env or {})
        bad = [key for key in env if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key)]
        if bad:
            raise MachineError(f"not environment variable names: {bad}")
        return [
            *("nsenter", f"--target={self.pid}", "--mount", "--net", "--pid", "--uts"),
            *("--root", "--wd", "--", "/usr/bin/env", "-i"),
            *(f"{key}={value}" for key, value in env.items()),
            *("/bin/bash", "-c", script, "bash", *args),
        ]

    def run(
        self,
        script: str,
        *,
        env: Mapping[str, str] | None = None,
        cwd: str = "/root",
        check: bool = True,
        strict: bool = True,
        timeout: float = 120,
        stdin: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run a bash script in the machine as root, in `cwd`, with BASE_ENV and `env`.

        `strict` runs it under `set -euo pipefail`; `check` raises MachineError, with the
        output, when it exits non-zero. A process left in the background must not keep
        stdout or stderr (`cmd >/dev/null 2>&1 &`): run() reads them to their end.
        """
        prologue = f"cd {shlex.quote(cwd)} || exit\n" + ("set -euo pipefail\n" if strict else "")
        proc = subprocess.run(
            self._bash(prologue + script, env=env),
            input=stdin,
            capture_output=True,
            text=True,
            errors="replace",  # what a program prints is read, whatever its bytes
            timeout=timeout,
            check=False,
        )
        if check and proc.returncode != 0:
            raise MachineError(
                f"machine {self.name}: exit {proc.returncode} from:\n{script}\n"
                f"--- stdout:\n{proc.stdout}--- stderr:\n{proc.stderr}"
            )
        return proc

    def write_text(self, path: str, text: str, mode: int = 0o644) -> None:
        """Write a file in the machine (its folder made if need be), owned by root."""
        q = shlex.quote(path)
        self.run(f'mkdir -p -- "$(dirname -- {q})"\ncat > {q}\nchmod {mode:o} {q}', stdin=text)

    def read_text(self, path: str) -> str:
        return self.run(f"cat -- {shlex.quote(path)}").stdout

    def hosts(self, names: Mapping[str, str]) -> None:
        """Write /etc/hosts: localhost, and each name at its loopback address (127.x.y.z)."""
        by_address: dict[str, list[str]] = {}
        for name, address in names.items():
            if not ipaddress.ip_address(address).is_loopback:
                raise MachineError(f"{name}: {address} is not on the loopback network")
            by_address.setdefault(address, []).append(name)
        lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"]
        lines += [f"{address}\t{' '.join(names)}" for address, names in by_address.items()]
        self.write_text("/etc/hosts", "\n".join(lines) + "\n")

    def journal(self, unit: str) -> str:
        """What the fake systemctl logged of a unit: its processes' output, ignored settings."""
        path = f"{LOG_DIR}/{unit_name(unit)}.log"
        return self.run(f"cat -- {shlex.quote(path)} 2>/dev/null || true").stdout

    def put(self, host_path: Path, machine_path: str) -> None:
        """Copy a host file or folder into the machine, with its modes (a folder merges)."""
        _copy(None, str(host_path), self, machine_path)

    def get(self, machine_path: str, host_path: Path) -> None:
        """Copy a file or folder of the machine to the host, with its modes."""
        _copy(self, machine_path, None, str(host_path))


def carry(source: Machine, source_path: str, target: Machine, target_path: str) -> None:
    """Copy a file or folder from one machine to another, through tar over a pipe."""
    _copy(source, source_path, target, target_path)


def _copy(source: Machine | None, src: str, target: Machine | None, dst: str) -> None:
    """tar on one side, untar on the other; None is the host. Never writes an upper dir."""
    is_dir = subprocess.run(_bash_on(source, 'test -d "$1"', src), check=False).returncode == 0
    pack, unpack = (PACK_FOLDER, UNPACK_FOLDER) if is_dir else (PACK_FILE, UNPACK_FILE)
    with subprocess.Popen(
        _bash_on(source, pack, src), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as packer:
        assert packer.stdout is not None and packer.stderr is not None
        unpacker = subprocess.run(
            _bash_on(target, unpack, dst), stdin=packer.stdout, capture_output=True, check=False
        )
        packer.stdout.close()
        packed = packer.stderr.read()
    if packer.returncode != 0 or unpacker.returncode != 0:
        raise MachineError(
            f"copy {src} -> {dst} failed: {packed.decode()}{unpacker.stderr.decode()}"
        )


def _bash_on(machine: Machine | None, script: str, *args: str) -> list[str]:
    strict = "set -euo pipefail\n" + script
    if machine is None:
        return ["/bin/bash", "-c", strict, "bash", *args]
    return machine._bash(strict, *args)


def _start_holder(argv: list[str]) -> subprocess.Popen[str]:
    """Start a process that sets namespaces up, prints `ready`, and holds them open.

    setpriv --pdeathsig: the holder is killed when the test process dies.
    """
    proc = subprocess.Popen(
        ["setpriv", "--pdeathsig=KILL", "--", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], READY_TIMEOUT)
    if ready and proc.stdout.readline() == "ready\n":
        return proc
    proc.kill()
    _out, err = proc.communicate()
    raise MachineError(f"{shlex.join(argv[:6])}... did not come up: {err}")


def _run_host(argv: list[str]) -> None:
    """A command of the host's that sets a namespace up; its failure is a MachineError."""
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise MachineError(f"{shlex.join(argv)}: {proc.stderr}")


def _child_of(pid: int) -> int:
    """The one child of a process (unshare --fork's child, the machine's PID 1)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    if len(children) != 1:
        raise MachineError(f"process {pid} has children {children}, not one")
    return int(children[0])


def _namespace(pid: int, kind: str) -> str:
    return str(Path(f"/proc/{pid}/ns/{kind}").readlink())


def _pids_in(kind: str, namespace: str) -> list[int]:
    """The processes in a namespace, by their /proc/PID/ns/KIND link (zombies have none)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str((entry / "ns" / kind).readlink()) == namespace:
                pids.append(int(entry.name))
        except OSError:
            continue  # gone meanwhile, or a zombie
    return sorted(pids)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _kill_until_gone(pids: Callable[[], list[int]], what: str) -> None:
    """SIGKILL the processes `pids()` names until it names none."""
    deadline = time.monotonic() + KILL_TIMEOUT
    while left := pids():
        if time.monotonic() > deadline:
            raise MachineError(f"{what}: processes {left} survive SIGKILL")
        for pid in left:
            _kill(pid)
        time.sleep(0.02)


def _reap(proc: subprocess.Popen[str]) -> None:
    """Kill a holder (if still there), wait for it, and close its pipes."""
    proc.kill()
    proc.communicate(timeout=KILL_TIMEOUT)
