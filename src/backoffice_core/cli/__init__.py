"""The ``backoffice`` command: reports, periods, charts, imports, exports and the audit.

A thin shell over the Python API for operators and scripts::

    backoffice entities --url sqlite:///pt.db
    backoffice chart load --template indonesia --url ... --entity "PT Maju Jaya" --create
    backoffice report trial-balance --url ... --entity ... --as-of 2026-01-31
    backoffice report income-statement --url ... --entity ... --from 2026-01-01 --to 2026-01-31
    backoffice report general-ledger --account 1121 --url ... --entity ...
    backoffice close-period 2026-01 --url ... --entity ...
    backoffice audit verify --url ... --entity ... [--anchor heads.json [--update-anchor]]

An entity that has no books on the URL is refused (the known ones are listed), and
so is a ``sqlite:///`` file that does not exist, unless ``--create`` is given: a
mistyped name never opens an empty book nor leaves an empty database behind. Reports print as
``--format text`` (default), ``csv``, ``json`` or ``html`` in ``--locale``. Exit
statuses name the class of failure; see :data:`EXIT_CODES`. A closed pipe (``| head``)
ends quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from backoffice_core.cli.commands import COMMANDS, add_commands
from backoffice_core.context import AllowAll, Context
from backoffice_core.errors import (
    BackofficeError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StateError,
    StorageError,
)
from backoffice_core.i18n import DEFAULT_LOCALE
from backoffice_core.office import DEFAULT_URL, BackOffice
from backoffice_core.storage import Backend, open_backend

__all__ = ["EXIT_CODES", "UnknownDatabaseError", "UnknownEntityError", "exit_code", "main"]

EXIT_CODES: dict[str, int] = {
    "ok": 0,
    "audit chain broken": 1,
    "bad input or usage": 2,
    "not found (unknown entity, account, entry)": 3,
    "conflict or state (closed period, duplicate id, stale version)": 4,
    "permission denied": 5,
    "storage error": 6,
    "closed output pipe": 141,
}
"""The exit status for each class of outcome."""

_BY_ERROR: tuple[tuple[type[BackofficeError], int], ...] = (
    (PermissionDeniedError, 5),
    (NotFoundError, 3),
    (ConflictError, 4),
    (StateError, 4),
    (StorageError, 6),
    (InvalidInputError, 2),
)


class UnknownEntityError(NotFoundError):
    """The command names an entity that has no books on the URL (and no ``--create``)."""


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write 2026-01-31") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backoffice", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser, *, entity: bool = True) -> None:
        sub.add_argument("--url", default=DEFAULT_URL, help="storage URL (default: %(default)s)")
        if entity:
            sub.add_argument("--entity", required=True, help="legal entity, e.g. 'PT Maju Jaya'")
            sub.add_argument("--actor", default="cli", help="who acts (in the audit trail)")
            sub.add_argument(
                "--create", action="store_true", help="open new books if the entity has none"
            )
            sub.add_argument(
                "--locale", default=DEFAULT_LOCALE, help="e.g. id_ID or en_US (%(default)s)"
            )

    entities = commands.add_parser("entities", help="list the entities with books on the URL")
    common(entities, entity=False)
    add_commands(commands, common, _iso)
    return parser


class UnknownDatabaseError(NotFoundError):
    """A ``sqlite:///`` URL names a file that does not exist (and no ``--create``)."""


def _backend(url: str, create: bool) -> Backend:
    """Open ``url``, refusing to create a SQLite file a typo would leave behind."""
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
        if str(path) not in ("", ":memory:") and not path.exists():
            raise UnknownDatabaseError(
                f"no database at {path} (from --url {url}); check the path, or pass "
                "--create to start new books there"
            )
    return open_backend(url)


def _open(args: argparse.Namespace) -> BackOffice:
    backend = _backend(args.url, args.create)
    try:
        if not args.create:
            known = backend.entities()
            if args.entity not in known:
                listing = ", ".join(repr(e) for e in known) or "none"
                raise UnknownEntityError(
                    f"entity {args.entity!r} has no books on {args.url}; known entities: "
                    f"{listing}. Check the name, or pass --create to open new books"
                )
        context = Context(args.entity, args.actor, AllowAll(), locale=args.locale)
        return BackOffice(backend, context, owns_backend=True)
    except BaseException:
        backend.close()
        raise


def _run(args: argparse.Namespace) -> int:
    if args.command == "entities":
        backend = _backend(args.url, create=False)
        try:
            for entity in backend.entities():
                print(entity)
        finally:
            backend.close()
        return 0
    handler: Callable[[BackOffice, argparse.Namespace], int] = COMMANDS[args.command]
    with _open(args) as office:
        return handler(office, args)


def exit_code(error: BackofficeError) -> int:
    """Return the exit status for ``error`` (see :data:`EXIT_CODES`)."""
    for kind, code in _BY_ERROR:
        if isinstance(error, kind):
            return code
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.
    """
    args = _parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()
        return code
    except BackofficeError as exc:
        print(f"backoffice: {exc}", file=sys.stderr)
        return exit_code(exc)
    except BrokenPipeError:
        # The reader (head, less) went away: say nothing, and keep Python from failing
        # again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
