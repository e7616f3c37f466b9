#!/usr/bin/python3
"""A stand-in for systemctl on an emulated machine, where no systemd runs.

tests/e2e/machines.py installs this file as /usr/bin/systemctl inside each machine, so a
runbook's `systemctl daemon-reload && systemctl enable --now step-ca` runs literally. It does
what systemd would do from the unit's own lines: it reads the unit (and its drop-ins) from
/etc/systemd/system, /run/systemd/system and /lib/systemd/system, runs the Exec lines with the
unit's user, environment, working directory and ambient capabilities, and keeps the state of
each unit under /run/fake-systemd. What a process writes goes to /var/log/fake-systemd/UNIT.log.

Settings it does not emulate (sandboxing, restarts, dependencies, timers' schedules) are
ignored, and each one met is written to the unit's log, so a test can say what it did not
check. Python 3 standard library only: it runs under the machine's /usr/bin/python3.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

UNIT_DIRS = (Path("/etc/systemd/system"), Path("/run/systemd/system"), Path("/lib/systemd/system"))
ENABLE_DIR = Path("/etc/systemd/system")  # where `enable` makes its .wants symlinks
STATE_DIR = Path("/run/fake-systemd")  # UNIT.state: "active PID", "failed", ...
LOG_DIR = Path("/var/log/fake-systemd")  # UNIT.log: what the unit's processes printed
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"
START_GRACE = 1.0  # seconds a simple service must survive to count as started
PIDFILE_WAIT = 5.0  # seconds a forking service has to write its PIDFile=
STOP_WAIT = 10.0  # seconds between SIGTERM and SIGKILL
EXEC_TIMEOUT = 90.0  # seconds a synchronous Exec line may run (systemd's default start timeout)

# The settings acted on, by section; any other setting met is logged as ignored.
EMULATED = {
    "Unit": frozenset({"Description"}),
    "Service": frozenset(
        {
            "Type",
            "User",
            "Group",
            "DynamicUser",
            "Environment",
            "EnvironmentFile",
            "WorkingDirectory",
            "UMask",
            "PIDFile",
            "RemainAfterExit",
            "AmbientCapabilities",
            "ExecStartPre",
            "ExecStart",
            "ExecStartPost",
            "ExecReload",
            "ExecStop",
        }
    ),
    "Timer": frozenset({"Unit"}),
    "Install": frozenset({"WantedBy", "RequiredBy"}),
}

# Common settings known not to be emulated: the process runs without them.
NOT_EMULATED = (
    "After",
    "Before",
    "Wants",
    "Requires",
    "BindsTo",
    "PartOf",
    "Conflicts",
    "Documentation",
    "StartLimitIntervalSec",
    "StartLimitBurst",
    "Restart",
    "RestartSec",
    "TimeoutSec",
    "TimeoutStartSec",
    "TimeoutStopSec",
    "KillMode",
    "KillSignal",
    "ExecStopPost",
    "StandardOutput",
    "StandardError",
    "SyslogIdentifier",
    "LimitNOFILE",
    "CapabilityBoundingSet",
    "NoNewPrivileges",
    "SecureBits",
    "ProtectSystem",
    "ProtectHome",
    "PrivateTmp",
    "PrivateDevices",
    "PrivateNetwork",
    "ReadWritePaths",
    "ReadOnlyPaths",
    "InaccessiblePaths",
    "ProtectKernelTunables",
    "ProtectKernelModules",
    "ProtectControlGroups",
    "RestrictAddressFamilies",
    "SystemCallFilter",
    "StateDirectory",
    "RuntimeDirectory",
    "LogsDirectory",
    "CacheDirectory",
    "ConfigurationDirectory",
    "OnCalendar",
    "OnBootSec",
    "OnUnitActiveSec",
    "Persistent",
    "AccuracySec",
    "RandomizedDelaySec",
    "Alias",
    "Also",
)

_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "s": " ",
    "\\": "\\",
    '"': '"',
    "'": "'",
}
_BLANK = " \t\n"
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"


class SystemctlError(Exception):
    """A command that fails as systemctl would: the message, and systemctl's exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# ---- systemd's syntax ---------------------------------------------------------------------


def split_words(text: str) -> list[str]:
    """Split a setting into words by systemd's quoting rules (systemd.syntax(7)).

    "..." or '...' wraps a whole word; C-style escapes work in and out of quotes.
    """
    words: list[str] = []
    i = 0
    while True:
        while i < len(text) and text[i] in _BLANK:
            i += 1
        if i == len(text):
            return words
        word, i = _read_word(text, i)
        words.append(word)


def _read_word(text: str, i: int) -> tuple[str, int]:
    quote = text[i] if text[i] in "\"'" else ""
    i += len(quote)
    out: list[str] = []
    while i < len(text):
        ch = text[i]
        if quote and ch == quote:
            if i + 1 < len(text) and text[i + 1] not in _BLANK:
                raise SystemctlError(f"a closing quote must end the word: {text}")
            return "".join(out), i + 1
        if not quote and ch in _BLANK:
            return "".join(out), i
        if ch == "\\":
            unescaped, i = _unescape(text, i + 1)
            out.append(unescaped)
            continue
        out.append(ch)
        i += 1
    if quote:
        raise SystemctlError(f"unbalanced quotes: {text}")
    return "".join(out), i


def _unescape(text: str, i: int) -> tuple[str, int]:
    """The character escaped at text[i] (just after a backslash) and the index after it."""
    if text[i : i + 1] in _ESCAPES:
        return _ESCAPES[text[i]], i + 1
    if text[i : i + 1] == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 1 : i + 3]):
        return chr(int(text[i + 1 : i + 3], 16)), i + 3
    raise SystemctlError(f"unknown escape \\{text[i : i + 1]} in: {text}")


def expand_specifiers(text: str, unit: str) -> str:
    """Replace the %-specifiers that do not depend on a running systemd."""
    prefix = unit.rsplit(".", 1)[0]
    values = {
        "%": "%",
        "n": unit,
        "N": prefix,
        "p": prefix.split("@", 1)[0],
        "i": prefix.split("@", 1)[1] if "@" in prefix else "",
        "t": "/run",
        "S": "/var/lib",
        "C": "/var/cache",
        "L": "/var/log",
        "E": "/etc",
    }

    def one(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise SystemctlError(f"{unit}: the specifier %{match[1]} is not emulated")
        return values[match[1]]

    return re.sub(r"%(.)", one, text)


def substitute(words: list[str], env: dict[str, str]) -> list[str]:
    """systemd's $VAR (a word of its own, split at blanks) and ${VAR} (inside a word)."""
    out = words[:1]  # the program's path takes no variables
    for word in words[1:]:
        whole = re.fullmatch(rf"\$({_NAME})", word)
        if whole:
            out += env.get(whole[1], "").split()
            continue
        out.append(
            re.sub(
                rf"\$\$|\$\{{({_NAME})\}}",
                lambda m: "$" if m[0] == "$$" else env.get(m[1], ""),
                word,
            )
        )
    return out


def read_env_file(path: Path) -> dict[str, str]:
    """An EnvironmentFile=: KEY=VALUE lines, # or ; comments, optionally quoted values."""
    env: dict[str, str] = {}
    for raw in path.read_text().replace("\\\n", "").splitlines():
        line = raw.strip()
        key, sep, value = line.partition("=")
        if not line or line[0] in "#;" or not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = re.sub(r'\\([\\"$`])', r"\1", value[1:-1]) if value[0] == '"' else value[1:-1]
        env[key.strip()] = value
    return env


# ---- units ----------------------------------------------------------------------------------


@dataclass
class Unit:
    """A unit file and its drop-ins: each section's settings in the order written."""

    name: str
    path: Path
    settings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def values(self, section: str, key: str) -> list[str]:
        """Every value of a list setting; an empty assignment resets the list, as in systemd."""
        found: list[str] = []
        for k, value in self.settings.get(section, []):
            if k == key:
                found = [] if value == "" else [*found, expand_specifiers(value, self.name)]
        return found

    def value(self, section: str, key: str, default: str = "") -> str:
        found = self.values(section, key)
        return found[-1] if found else default

    def flag(self, section: str, key: str) -> bool:
        return self.value(section, key).lower() in {"yes", "true", "on", "1"}

    @property
    def kind(self) -> str:
        return self.name.rsplit(".", 1)[1]

    def ignored(self) -> list[str]:
        """One line per setting met that this program does not act on."""
        lines = []
        for section, items in self.settings.items():
            for key, value in items:
                if key not in EMULATED.get(section, frozenset()):
                    why = "not emulated" if key in NOT_EMULATED else "unknown to fake systemctl"
                    lines.append(f"ignored [{section}] {key}={value} ({why})")
        return lines


def unit_name(arg: str) -> str:
    """The full name of a unit: `nginx` means nginx.service."""
    return (
        arg if re.search(r"\.(service|timer|target|socket|path|mount)$", arg) else arg + ".service"
    )


def find_unit(arg: str) -> Unit:
    """Load a unit from the first unit folder that has it, with its drop-ins (UNIT.d/*.conf)."""
    name = unit_name(arg)
    paths = [d / name for d in UNIT_DIRS if (d / name).exists() or (d / name).is_symlink()]
    if not paths:
        raise SystemctlError(f"Unit {name} not found.", 5)
    if paths[0].resolve() == Path("/dev/null"):
        raise SystemctlError(f"Unit {name} is masked.")
    unit = Unit(name, paths[0])
    dropins = sorted(
        (p for d in UNIT_DIRS for p in (d / f"{name}.d").glob("*.conf")), key=lambda p: p.name
    )
    for path in [paths[0], *dropins]:
        _parse_into(unit, path.read_text())
    return unit


def _parse_into(unit: Unit, text: str) -> None:
    section = ""
    for raw in text.replace("\\\n", " ").splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, sep, value = line.partition("=")
        if not sep or not section:
            raise SystemctlError(f"{unit.name}: cannot parse the line: {line}")
        unit.settings.setdefault(section, []).append((key.strip(), value.strip()))


# ---- state ----------------------------------------------------------------------------------


def read_state(name: str) -> tuple[str, int | None]:
    """A unit's recorded state ("active", "failed", "inactive") and its main process."""
    try:
        words = (STATE_DIR / f"{name}.state").read_text().split()
    except FileNotFoundError:
        return "inactive", None
    return words[0], int(words[1]) if len(words) > 1 else None


def write_state(name: str, state: str, pid: int | None = None) -> None:
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    (STATE_DIR / f"{name}.state").write_text(state if pid is None else f"{state} {pid}")


def active_state(name: str) -> str:
    """What is-active says: a service whose main process has gone counts as failed."""
    state, pid = read_state(name)
    if state == "active" and pid is not None and not alive(pid):
        return "failed"
    return state


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name: state, ppid, pgrp, session..."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def alive(pid: int) -> bool:
    try:
        return _stat(pid)[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def group_members(pgid: int) -> list[int]:
    """The live processes of a process group (a unit's stand-in for its control group)."""
    members = []
    for entry in Path("/proc").iterdir():
        try:
            fields = _stat(int(entry.name)) if entry.name.isdigit() else []
        except (FileNotFoundError, ProcessLookupError):
            continue
        if fields and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def log(name: str, line: str) -> None:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with (LOG_DIR / f"{name}.log").open("a") as out:
        out.write(f"fake-systemd: {line}\n")


def log_tail(name: str, lines: int = 20) -> str:
    path = LOG_DIR / f"{name}.log"
    return "\n".join(path.read_text().splitlines()[-lines:]) if path.exists() else ""


# ---- running a unit's commands ------------------------------------------------------------


@dataclass
class Command:
    """One Exec line: its words, and whether a failure counts (no `-` prefix)."""

    words: list[str]
    checked: bool
    substitute: bool

    @classmethod
    def parse(cls, line: str) -> Command:
        checked, subst = True, True
        while line[:1] in {"-", ":", "@", "+", "!"}:
            if line[0] in "@+!":
                raise SystemctlError(f"the Exec prefix {line[0]!r} is not emulated: {line}")
            checked, subst = checked and line[0] != "-", subst and line[0] != ":"
            line = line[1:]
        words = split_words(line)
        if not words:
            raise SystemctlError(f"an empty command line: {line}")
        if ";" in words:
            raise SystemctlError(f"several commands on one Exec line are not emulated: {line}")
        return cls(words, checked, subst)


class Runner:
    """Runs a unit's commands as the unit says: user, environment, directory, capabilities."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.user = unit.value("Service", "User") or (
            "nobody" if unit.flag("Service", "DynamicUser") else ""
        )
        self.env = self._environment()

    def _environment(self) -> dict[str, str]:
        env = {"PATH": DEFAULT_PATH, "INVOCATION_ID": os.urandom(16).hex()}
        if self.user:
            entry = _user(self.user)
            env |= {"USER": entry.pw_name, "LOGNAME": entry.pw_name, "HOME": entry.pw_dir}
            env["SHELL"] = entry.pw_shell
        for line in self.unit.values("Service", "Environment"):
            for word in split_words(line):
                key, sep, value = word.partition("=")
                if sep:
                    env[key] = value
        for line in self.unit.values("Service", "EnvironmentFile"):
            path = Path(line.removeprefix("-"))
            if path.exists() or not line.startswith("-"):
                env |= read_env_file(path)
        return env

    def privileges(self) -> list[str]:
        """The setpriv prefix that drops to User=/Group=, keeping the ambient capabilities."""
        if not self.user or self.user in {"root", "0"}:
            return []
        entry = _user(self.user)
        group = self.unit.value("Service", "Group")
        gid = _group(group) if group else entry.pw_gid
        argv = ["/usr/bin/setpriv", f"--reuid={entry.pw_uid}", f"--regid={gid}", "--init-groups"]
        caps = [
            "+" + cap.lower().removeprefix("cap_")
            for line in self.unit.values("Service", "AmbientCapabilities")
            for cap in line.split()
        ]
        if caps:
            argv += [f"--inh-caps={','.join(caps)}", f"--ambient-caps={','.join(caps)}"]
        return [*argv, "--"]

    def cwd(self) -> str:
        where = self.unit.value("Service", "WorkingDirectory", "/")
        if where.lstrip("-") == "~":
            return self.env.get("HOME", "/root")
        if where.startswith("-"):
            return where[1:] if Path(where[1:]).is_dir() else "/"
        return where

    def spawn(
        self, command: Command, extra: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start a command detached (its own session), its output appended to the unit's log."""
        env = self.env | (extra or {})
        words = substitute(command.words, env) if command.substitute else command.words
        umask = self.unit.value("Service", "UMask", "0022")
        log(self.unit.name, "run " + shlex.join(words))
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with (LOG_DIR / f"{self.unit.name}.log").open("ab") as out:
            os.umask(int(umask, 8))
            return subprocess.Popen(
                [*self.privileges(), *words],
                env=env,
                cwd=self.cwd(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )

    def run(self, key: str, extra: dict[str, str] | None = None) -> None:
        """Run each line of an Exec setting to its end; an unprefixed failure fails the unit."""
        for line in self.unit.values("Service", key):
            command = Command.parse(line)
            proc = self.spawn(command, extra)
            try:
                code = proc.wait(timeout=EXEC_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                code = proc.wait()
            if code != 0:
                log(
                    self.unit.name,
                    f"{key} exited {code}" + ("" if command.checked else ", ignored"),
                )
                if command.checked:
                    raise SystemctlError(f"{self.unit.name}: {key} exited {code}")


def _user(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwuid(int(name)) if name.isdigit() else pwd.getpwnam(name)
    except KeyError:
        raise SystemctlError(f"no such user: {name}") from None


def _group(name: str) -> int:
    try:
        return int(name) if name.isdigit() else grp.getgrnam(name).gr_gid
    except KeyError:
        raise SystemctlError(f"no such group: {name}") from None


# ---- verbs ------------------------------------------------------------------------------------


@dataclass
class Options:
    now: bool = False
    quiet: bool = False
    failed: bool = False
    states: set[str] = field(default_factory=set)


def start(arg: str) -> None:
    unit = find_unit(arg)
    if active_state(unit.name) == "active":
        return
    for line in unit.ignored():
        log(unit.name, line)
    if unit.kind == "timer":
        service = unit.value("Timer", "Unit", unit.name.removesuffix(".timer") + ".service")
        find_unit(service)  # fails as systemd does when the timer's service is missing
        log(unit.name, f"active; it never fires: `systemctl start {service}` runs it")
        write_state(unit.name, "active")
        return
    if unit.kind != "service":
        raise SystemctlError(f"{unit.name}: starting a .{unit.kind} unit is not emulated")
    try:
        _start_service(unit)
    except SystemctlError as exc:
        write_state(unit.name, "failed")
        raise SystemctlError(
            f"Job for {unit.name} failed: {exc}\n--- {LOG_DIR}/{unit.name}.log:\n"
            + log_tail(unit.name)
        ) from None


def _start_service(unit: Unit) -> None:
    kind = unit.value("Service", "Type", "simple")
    starts = unit.values("Service", "ExecStart")
    if kind != "oneshot" and len(starts) != 1:
        raise SystemctlError(f"Type={kind} needs exactly one ExecStart=, not {len(starts)}")
    runner = Runner(unit)
    runner.run("ExecStartPre")
    if kind == "oneshot":
        runner.run("ExecStart")
        pid = None
    elif kind == "forking":
        runner.run("ExecStart")
        pid = _pid_from_file(unit)
    elif kind in {"simple", "exec", "notify", "idle"}:
        pid = _spawn_main(runner, starts[0])
    else:
        raise SystemctlError(f"Type={kind} is not emulated")
    runner.run("ExecStartPost", {"MAINPID": str(pid or "")})
    if kind == "oneshot" and not unit.flag("Service", "RemainAfterExit"):
        write_state(unit.name, "inactive")
    else:
        write_state(unit.name, "active", pid)


def _spawn_main(runner: Runner, line: str) -> int:
    """Start a simple service's process; it must live for START_GRACE seconds."""
    proc = runner.spawn(Command.parse(line))
    try:
        code = proc.wait(timeout=START_GRACE)
    except subprocess.TimeoutExpired:
        return proc.pid
    raise SystemctlError(f"the main process exited {code} at once")


def _pid_from_file(unit: Unit) -> int:
    """The main process of a forking service, from its PIDFile=."""
    path = Path(unit.value("Service", "PIDFile"))
    if not str(path).startswith("/"):
        raise SystemctlError("Type=forking without an absolute PIDFile= is not emulated")
    deadline = time.monotonic() + PIDFILE_WAIT
    while time.monotonic() < deadline:
        text = path.read_text().strip() if path.exists() else ""
        if text.isdigit() and alive(int(text)):
            return int(text)
        time.sleep(0.05)
    raise SystemctlError(f"no live process in {path} after {PIDFILE_WAIT:g} s")


def stop(arg: str) -> None:
    unit = find_unit(arg)
    state, pid = read_state(unit.name)
    if unit.kind == "service" and state == "active":
        Runner(unit).run("ExecStop", {"MAINPID": str(pid or "")})
        if pid is not None:
            _terminate(os.getpgid(pid) if alive(pid) else pid)
    if state != "inactive":
        write_state(unit.name, "inactive")


def _terminate(pgid: int) -> None:
    """SIGTERM a process group, and SIGKILL what is left of it after STOP_WAIT seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in group_members(pgid):
            os.kill(pid, sig)
        deadline = time.monotonic() + STOP_WAIT
        while group_members(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)


def reload(arg: str) -> None:
    unit = find_unit(arg)
    _state, pid = read_state(unit.name)
    if active_state(unit.name) != "active":
        raise SystemctlError(f"Failed to reload {unit.name}: Unit {unit.name} is not active.")
    if not unit.values("Service", "ExecReload"):
        raise SystemctlError(
            f"Failed to reload {unit.name}: Job type reload is not applicable for unit {unit.name}."
        )
    Runner(unit).run("ExecReload", {"MAINPID": str(pid or "")})


def restart(arg: str) -> None:
    stop(arg)
    start(arg)


def try_restart(arg: str) -> None:
    if active_state(unit_name(arg)) == "active":
        restart(arg)


def reload_or_restart(arg: str) -> None:
    running = active_state(unit_name(arg)) == "active"
    if running and find_unit(arg).values("Service", "ExecReload"):
        reload(arg)
    else:
        restart(arg)


def try_reload_or_restart(arg: str) -> None:
    """Reload (or restart, without ExecReload=) a unit that runs; leave a stopped one be."""
    if active_state(unit_name(arg)) == "active":
        reload_or_restart(arg)


def enable(arg: str) -> None:
    """Link the unit into each target it is WantedBy=/RequiredBy=, as systemctl enable does."""
    unit = find_unit(arg)
    targets = [
        (word, kind)
        for kind in ("WantedBy", "RequiredBy")
        for line in unit.values("Install", kind)
        for word in line.split()
    ]
    if not targets:
        print(f"The unit files have no installation config: {unit.name}", file=sys.stderr)
    for target, kind in targets:
        suffix = "wants" if kind == "WantedBy" else "requires"
        link = ENABLE_DIR / f"{target}.{suffix}" / unit.name
        if not link.is_symlink():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(unit.path)
            print(f"Created symlink {link} → {unit.path}.", file=sys.stderr)


def disable(arg: str) -> None:
    for link in _links(unit_name(arg)):
        link.unlink()
        print(f"Removed {link}.", file=sys.stderr)


def _links(name: str) -> list[Path]:
    return [p for p in ENABLE_DIR.glob(f"*.*/{name}") if p.is_symlink()]


def enablement(arg: str) -> str:
    """What is-enabled says of a unit."""
    try:
        unit = find_unit(arg)
    except SystemctlError as exc:
        return "masked" if "masked" in str(exc) else "not-found"
    if _links(unit.name):
        return "enabled"
    installable = unit.values("Install", "WantedBy") or unit.values("Install", "RequiredBy")
    return "disabled" if installable else "static"


def verb_each(
    action: Callable[[str], None], now: Callable[[str], None] | None = None
) -> Callable[[list[str], Options], int]:
    """A verb that does `action` to each unit named, and `now` too when given --now."""

    def verb(units: list[str], opts: Options) -> int:
        if not units:
            raise SystemctlError("Too few arguments.")
        for arg in units:
            action(arg)
            if opts.now and now is not None:
                now(arg)
        return 0

    return verb


def is_active(units: list[str], opts: Options) -> int:
    states = [active_state(unit_name(arg)) for arg in units]
    if not opts.quiet:
        print("\n".join(states))
    return 0 if "active" in states else 3


def is_failed(units: list[str], opts: Options) -> int:
    states = [active_state(unit_name(arg)) for arg in units]
    if not opts.quiet:
        print("\n".join(states))
    return 0 if "failed" in states else 1


def is_enabled(units: list[str], opts: Options) -> int:
    states = [enablement(arg) for arg in units]
    if not opts.quiet:
        print("\n".join(states))
    return 0 if {"enabled", "static"} & set(states) else 1


def status(units: list[str], opts: Options) -> int:
    code = 0
    for arg in units:
        unit = find_unit(arg)
        state, pid = active_state(unit.name), read_state(unit.name)[1]
        print(f"● {unit.name} - {unit.value('Unit', 'Description', unit.name)}")
        print(f"     Loaded: loaded ({unit.path}; {enablement(arg)})")
        print(f"     Active: {state}" + (f"\n   Main PID: {pid}" if pid else ""))
        print(log_tail(unit.name, 10))
        code = code or (0 if state == "active" else 3)
    return code


def list_units(units: list[str], opts: Options) -> int:
    """`list-units` (and `--failed`): the units this program has a state for."""
    wanted = {"failed"} if opts.failed else opts.states or {"active", "failed"}
    for path in sorted(STATE_DIR.glob("*.state")):
        name = path.name.removesuffix(".state")
        state = active_state(name)
        if state in wanted and (not units or name in map(unit_name, units)):
            print(f"{name} loaded {state}")
    return 0


def daemon_reload(units: list[str], opts: Options) -> int:
    """Nothing to do: every command reads the unit files afresh."""
    return 0


VERBS: dict[str, Callable[[list[str], Options], int]] = {
    "daemon-reload": daemon_reload,
    "start": verb_each(start),
    "stop": verb_each(stop),
    "restart": verb_each(restart),
    "try-restart": verb_each(try_restart),
    "reload": verb_each(reload),
    "reload-or-restart": verb_each(reload_or_restart),
    "try-reload-or-restart": verb_each(try_reload_or_restart),
    "enable": verb_each(enable, now=start),
    "disable": verb_each(disable, now=stop),
    "is-active": is_active,
    "is-failed": is_failed,
    "is-enabled": is_enabled,
    "status": status,
    "list-units": list_units,
}
FLAGS = {"--now", "--quiet", "-q", "--failed", "--no-pager", "--no-legend", "--plain"}
FLAGS |= {"--no-block", "--system", "--full", "-l", "--all", "-a", "--no-ask-password"}


def parse(argv: list[str]) -> tuple[str, list[str], Options]:
    """The verb, the units and the options of a command line (options go anywhere)."""
    opts = Options()
    words = []
    for arg in argv:
        if arg.startswith("--state="):
            opts.states |= set(arg.removeprefix("--state=").split(","))
        elif arg.startswith("--type="):
            continue
        elif arg.startswith("-"):
            if arg not in FLAGS:
                raise SystemctlError(f"systemctl: unrecognized option '{arg}' (fake systemctl)")
            opts.now |= arg == "--now"
            opts.quiet |= arg in {"--quiet", "-q"}
            opts.failed |= arg == "--failed"
        else:
            words.append(arg)
    verb = words[0] if words else "list-units"
    return verb, words[1:], opts


def main(argv: list[str]) -> int:
    try:
        verb, units, opts = parse(argv)
        if verb not in VERBS:
            raise SystemctlError(
                f"Unknown command verb '{verb}' (fake systemctl knows {', '.join(VERBS)})."
            )
        return VERBS[verb](units, opts)
    except SystemctlError as exc:
        print(exc, file=sys.stderr)
        return exc.code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
