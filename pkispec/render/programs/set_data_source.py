#!/usr/bin/env python3
# pkispec build writes the header line here: what made the file
"""Put the MySQL/MariaDB data source of the step-ca STEP_CA below into its ca.json.

Usage: set-data-source.py        (the environment's STEPPATH moves STEPPATH below)

The data source (e.g. `step:secret@tcp(db.internal:3306)/`) holds a password, so it is
never in the spec or the bundle. It is read here from $PKISPEC_DSN, or else from the file
named by DSN_FILE below, and written only into the CA host's ca.json (readable by root and
the group of step-ca's user). step-ca before 0.25.0 prints the data source when it cannot
open the database: prefer a database user that logs in over the local socket, without a
password.
"""

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

# --- pkispec: the spec's data (pkispec build fills this block in) ---
# fmt: off
#: the step-ca whose ca.json this edits, its folder (the environment's STEPPATH moves it),
#: its ca.json there, and the file the data source is read from when $PKISPEC_DSN is unset
STEP_CA = "step-ca"
STEPPATH = "/etc/step-ca"
CA_JSON = "config/ca.json"
DSN_FILE = "/etc/step-ca/secrets/dsn"
# fmt: on
# --- end of the spec's data ---
#: step-ca appends the database name to the data source: it must end at the server, "…)/"
SHAPE = re.compile(r"^[^\s]+@(tcp|unix)\([^)]+\)/$")


def write_json(path: Path, config: dict[str, Any]) -> None:
    """Replace `path` atomically, keeping its owner, group and mode (step-ca reads it)."""
    info = path.stat()
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, info.st_mode & 0o777)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchown(out.fileno(), info.st_uid, info.st_gid)
        os.fchmod(out.fileno(), info.st_mode & 0o777)  # not narrowed by the umask
        out.write(json.dumps(config, indent=2, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)


def data_source() -> str:
    if os.environ.get("PKISPEC_DSN"):
        return os.environ["PKISPEC_DSN"]
    try:
        return Path(DSN_FILE).read_text(encoding="utf-8").strip()
    except OSError as exc:
        sys.exit(f"error: no $PKISPEC_DSN, and {DSN_FILE} cannot be read ({exc.strerror})")


def main() -> int:
    dsn = data_source()
    if not SHAPE.match(dsn):
        sys.exit(
            "error: the data source must look like user:password@tcp(host:3306)/ "
            "(no database name and no options: step-ca appends the database)"
        )
    steppath = Path(os.environ.get("STEPPATH", STEPPATH))
    path = steppath / CA_JSON
    config = json.loads(path.read_text(encoding="utf-8"))
    config["db"]["dataSource"] = dsn
    write_json(path, config)
    print(
        f"==> {path} uses the data source from "
        f"{'$PKISPEC_DSN' if os.environ.get('PKISPEC_DSN') else DSN_FILE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
