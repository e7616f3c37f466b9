"""The `pkispec` command: thin. Problems the user can fix exit 2; anything else is a bug.

Each command imports what it needs when it runs, so `pkispec --help` and `pkispec
validate` do not pay for jinja2 or cryptography.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pkispec import __version__
from pkispec.errors import PkispecError

if TYPE_CHECKING:
    from pkispec.spec import Checked

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# pkispec uses no pydantic plugins; looking for them scans every installed package (~10 ms)
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _print_warnings(warnings: Sequence[object]) -> None:
    for item in warnings:
        print(item.format(), file=sys.stderr)  # type: ignore[attr-defined]


def cmd_init(args: argparse.Namespace) -> int:
    from importlib.resources import files

    target = Path(args.spec)
    if target.exists():
        raise PkispecError(f"{target} exists; pkispec init never overwrites a file")
    target.write_text(
        files("pkispec").joinpath("starter.pki.yaml").read_text("utf-8"), encoding="utf-8"
    )
    print(f"wrote {target}; edit it, then run: pkispec validate {target}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from pkispec.spec import load

    checked = load(Path(args.spec))
    _print_warnings(checked.warnings)
    print(f"{args.spec}: ok")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from pkispec.bundle import write_bundle
    from pkispec.compiler import compile_file

    compiled = compile_file(Path(args.spec))
    checked, artifacts = compiled.checked, compiled.artifacts
    _print_warnings(checked.warnings)
    if args.check:
        from pkispec.verify import compare

        folder = Path(args.output) / checked.spec.name
        drift = compare(artifacts, folder)
        for line in drift.lines():
            print(line)
        if drift.clean:
            print(f"{folder}: up to date with {args.spec}")
            return EXIT_OK
        print(f"{folder} is stale: run pkispec build {args.spec} -o {args.output}", file=sys.stderr)
        return EXIT_FAILED
    tree, archive = write_bundle(artifacts, Path(args.output), checked.spec.name)
    print(f"wrote {tree}/ ({len(artifacts)} files) and {archive}")
    return EXIT_OK


def cmd_rehearse(args: argparse.Namespace) -> int:
    from pkispec.compiler import compile_file
    from pkispec.rehearse import rehearse

    compiled = compile_file(Path(args.spec))
    _print_warnings(compiled.checked.warnings)
    keep = Path(args.keep) if args.keep else None
    results = rehearse(compiled.plan, compiled.artifacts, keep=keep)
    for result in results:
        print(result.line())
    failed = [r for r in results if not r.passed]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from pkispec.verify import verify

    drift = verify(Path(args.bundle))
    for line in drift.lines():
        print(line)
    if drift.clean:
        print(f"{args.bundle}: every file matches SHA256SUMS")
        return EXIT_OK
    print(f"{args.bundle}: does NOT match its SHA256SUMS; do not apply it", file=sys.stderr)
    return EXIT_FAILED


def cmd_status(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from pkispec.spec import load
    from pkispec.status import parse_when, status

    if args.now is None:  # the only clock pkispec reads; everything below is given `now`
        now = datetime.now(UTC).replace(microsecond=0)
    else:
        try:
            now = parse_when(args.now)
        except ValueError as exc:
            raise PkispecError(f"--now: {exc}") from None
    report = status(load(Path(args.spec), drift="report"), now)
    sys.stdout.write(report.json_text() if args.json else report.text())
    return report.exit_status


STATUS_EPILOG = """\
One line per item (the root, each intermediate, the root CRL) in the spec's order, then
a summary. States:
  ok       valid, not yet due
  unknown  not committed yet (set root.certificate, intermediates[].certificate,
           root.crl.file after the ceremony)
  due      the root within 2 years of its notAfter; an intermediate within its
           renew_before; the root CRL with less than validity - renew_every left
           (the CRL host's daily check)
  revoked  an intermediate the spec marks revoked and the committed root CRL lists
  drift    a committed certificate no longer matches the spec (PKI113), the CRL is
           not signed by the committed root, or it lists an intermediate the spec
           still trusts
  expired  at or past notAfter (nextUpdate for the CRL)

exit status:
  0  everything ok (unknown and revoked count as ok)
  1  something is due (a revocation the committed CRL does not show yet too)
  3  something expired or drifted
  2  the spec itself is unusable, or WHEN is no date (as for every command)
"""


def _diff_sides(args: argparse.Namespace) -> tuple[Checked, Checked, list[str]]:
    """The old and the new spec, checked; the problems of both at once."""
    from pkispec.errors import Located, SpecError
    from pkispec.revision import load_at
    from pkispec.spec import load

    if args.rev is not None and len(args.specs) != 1:
        raise PkispecError("with --rev, name one spec: pkispec diff --rev REV SPEC")
    if args.rev is None and len(args.specs) != 2:
        raise PkispecError("name two specs: pkispec diff OLD NEW, or pkispec diff --rev REV SPEC")
    sides: list[Checked] = []
    names: list[str] = []
    problems: list[Located] = []
    for spec in args.specs:
        try:
            if args.rev is not None:
                old, name = load_at(args.rev, Path(spec))
                sides.append(old)
                names.append(name)
            sides.append(load(Path(spec)))
            names.append(spec)
        except SpecError as exc:
            problems += exc.located
    if problems:
        raise SpecError(problems)
    return sides[0], sides[1], names


def cmd_diff(args: argparse.Namespace) -> int:
    from pkispec.compiler import compile_spec
    from pkispec.review import diff_files, explain

    old, new, names = _diff_sides(args)
    _print_warnings(new.warnings)
    before, after = compile_spec(old), compile_spec(new)
    meaning = explain(before, after)
    files = diff_files(before.artifacts, after.artifacts)
    for line in [*meaning, *([""] if meaning and files else []), *files]:
        print(line)
    if files:
        return EXIT_FAILED
    print(f"the bundles of {names[0]} and {names[1]} are identical")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from pkispec.schema import schema_text

    text = schema_text()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="pkispec",
        description="Compile one YAML spec of a private PKI into a reviewable bundle.",
    )
    top.add_argument("--version", action="version", version=f"pkispec {__version__}")
    top.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, func: Callable[[argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(func=func)
        return p

    command("init", cmd_init, "write a commented starting spec").add_argument("spec")
    command("validate", cmd_validate, "check a spec; every problem at once").add_argument("spec")
    build = command("build", cmd_build, "compile a spec into DIR/<name>/ and DIR/<name>.tar.gz")
    build.add_argument("spec")
    build.add_argument("-o", "--output", default="dist", metavar="DIR")
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when "
        "DIR/<name>/ differs from what the spec compiles to (for CI)",
    )
    rehearse = command(
        "rehearse", cmd_rehearse, "run the generated ceremony in a scratch directory and check it"
    )
    rehearse.add_argument("spec")
    rehearse.add_argument(
        "--keep", metavar="DIR", help="rehearse in DIR (must not exist) and keep it for inspection"
    )
    command(
        "verify",
        cmd_verify,
        "check a built bundle against its SHA256SUMS (exit 1 on "
        "any changed, missing or added file)",
    ).add_argument("bundle")
    status = command(
        "status",
        cmd_status,
        "what expires when, what is due, what drifted (from the files committed beside the spec)",
    )
    status.formatter_class = argparse.RawDescriptionHelpFormatter
    status.epilog = STATUS_EPILOG
    status.add_argument("spec")
    status.add_argument(
        "--json", action="store_true", help="one JSON document on stdout instead of lines"
    )
    status.add_argument(
        "--now",
        metavar="WHEN",
        help="judge at WHEN, an ISO 8601 date or "
        "date-time (UTC when no zone: 2027-05-01, 2027-05-01T12:00:00Z) "
        "instead of the system clock",
    )
    diff = command(
        "diff",
        cmd_diff,
        "what a change of the spec means, then how the bundle's files change (exit 1 when they do)",
    )
    diff.usage = "pkispec diff OLD NEW\n       pkispec diff --rev REV SPEC"
    diff.add_argument(
        "specs",
        nargs="+",
        metavar="SPEC",
        help="OLD and NEW, or with --rev the one SPEC as it is now",
    )
    diff.add_argument(
        "--rev",
        metavar="REV",
        help="the old side is SPEC as committed at "
        "the git revision REV (HEAD, HEAD~1, main, a tag)",
    )
    schema = command("schema", cmd_schema, "print the JSON Schema of the spec")
    schema.add_argument("-o", "--output", metavar="FILE")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # What a command builds lives until it returns and holds no cycles worth collecting;
    # the cyclic collector would only rescan the growing spec and bundle again and again,
    # a third of the time of a 100,000-client build and more with every client.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if collecting:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except PkispecError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `pkispec diff ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a writer killed by SIGPIPE
    except OSError as exc:  # a file or folder the user named: missing, unwritable, ...
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            kind = sys.exc_info()[0]
            name = kind.__name__ if kind else "error"
            print(
                f"internal error ({name}): this is a bug in pkispec; run again with "
                "--debug for the traceback and report it",
                file=sys.stderr,
            )
        return 70
