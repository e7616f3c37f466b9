"""Run a command on a terminal and type a passphrase at each of its password prompts.

    python3 typist.py PASSFILE COMMAND [ARG...]

For programs that read a password only from a terminal (the step CLI, softhsm2-util): the
end-to-end test types it as a person would, rather than adding a flag the runbook does not
write. Line 1 of PASSFILE is typed once at each provisioner's password prompt of step and
at each PIN prompt of softhsm2-util (SO PIN and user PIN alike: the test's token has one
PIN), and step's question before it overwrites a file is answered yes. The command's output
is passed on; the exit status is the command's.
"""

from __future__ import annotations

import os
import pty
import re
import sys
from pathlib import Path

PROMPT = re.compile(rb"(?i)enter (the )?(password|passphrase)[^\n]*:")
#: step names the provisioner before each password prompt; its prompt redraws itself at
#: every key typed, so each one is answered once, after its provisioner's line
PROVISIONER = re.compile(rb"\(JWK\) \[kid: ")
#: softhsm2-util --init-token asks for the SO PIN and the user PIN, each twice
PIN_PROMPT = re.compile(rb"Please (?:re)?enter (?:SO|user) PIN: ")
#: step asks before it overwrites a file; a person who issued with the device tool first
#: answers yes, as the runbook's "instead of" leaves them to
OVERWRITE = re.compile(rb"(?i)would you like to overwrite (\S+) ")


def main(argv: list[str]) -> int:
    passfile, *command = argv
    secret = Path(passfile).read_bytes().split(b"\n", 1)[0]
    pid, terminal = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)  # noqa: S606 (the command the test gives)
    transcript, typed, pins = b"", 0, 0
    overwritten: set[bytes] = set()
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the terminal closes when the command exits
            break
        if not chunk:
            break
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        transcript += chunk
        asked = PROVISIONER.split(transcript)
        if typed < len(asked) - 1 and PROMPT.search(asked[-1]):
            os.write(terminal, secret + b"\r")  # Enter: a raw-mode prompt reads no \\n
            typed += 1
        while pins < len(PIN_PROMPT.findall(transcript)):
            os.write(terminal, secret + b"\r")
            pins += 1
        for path in set(OVERWRITE.findall(transcript)) - overwritten:
            os.write(terminal, b"y\r")
            overwritten.add(path)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
