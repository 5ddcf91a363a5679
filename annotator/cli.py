"""The command line: import, list, stats and open the workbench."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.io.importer import FORMATS
from annotator.paths import default_db
from annotator.store import Store, StoreError


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"project file (default: {default_db()})",
    )
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label who claims what in news articles, offline.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser("import", parents=[common], help="import articles from files or folders")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--format", choices=FORMATS, help="read every file as this format")
    imp.add_argument("--text-column", help="CSV column that holds the article text")

    lst = sub.add_parser("list", parents=[common], help="list documents")
    lst.add_argument("--status", choices=["new", "in progress", "done", "skipped"])
    lst.add_argument("--search", help="full-text search over titles and texts")
    lst.add_argument("--limit", type=int, default=0, help="show at most this many")

    sub.add_parser("stats", parents=[common], help="counts of documents, spans and relations")

    op = sub.add_parser("open", parents=[common], help="open the workbench window")
    op.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    db = getattr(args, "db", None) or default_db()
    command = args.command or "open"
    try:
        if command == "open":
            from annotator.ui.app import run_app  # Qt loads only for the window

            return run_app(db, quit_after_ms=getattr(args, "quit_after", None))
        with Store(db) as store:
            if command == "import":
                return _import(store, args)
            if command == "list":
                return _list(store, args)
            return _stats(store)
    except StoreError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("annotator: interrupted; every file that finished is stored", file=sys.stderr)
        return 130


def _import(store: Store, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from annotator.io.importer import import_paths, planned_bytes

    total = planned_bytes(args.paths, args.format)
    with tqdm(
        total=total, unit="B", unit_scale=True, desc="import", disable=None, file=sys.stderr
    ) as bar:
        report = import_paths(
            store,
            args.paths,
            fmt=args.format,
            text_column=args.text_column,
            on_file=lambda _result, size: bar.update(size),
        )
    for result in report.files:
        if result.note:
            print(f"note: {result.path}: {result.note}", file=sys.stderr)
    n_files = len(report.files)
    print(
        f"imported {report.imported} document(s) from {n_files} file(s); "
        f"{report.duplicates} duplicate(s), {report.skipped} skipped"
    )
    for result in report.files:
        if result.error:
            print(f"  skipped {result.path}: {result.error}")
        for problem in result.problems:
            print(f"  skipped {problem}")
    if report.ignored:
        print(
            f"  ignored {len(report.ignored)} file(s) of no known format, e.g. {report.ignored[0]}"
        )
    return 0 if report.ok else 1


def _list(store: Store, args: argparse.Namespace) -> int:
    ids = store.document_ids(status=args.status, query=args.search)
    if args.limit:
        ids = ids[: args.limit]
    for start in range(0, len(ids), 500):
        for row in store.summaries(ids[start : start + 500]):
            print(f"{row.id:>6}  {row.status:<11}  {row.title}")
    return 0


def _stats(store: Store) -> int:
    stats = store.stats()
    print(f"documents: {stats['documents']}  words: {stats['words']}")
    print("status:    " + ", ".join(f"{k} {v}" for k, v in stats["status"].items()))
    spans = ", ".join(f"{k} {v}" for k, v in sorted(stats["spans"].items())) or "none"
    print(f"spans:     {spans}")
    relations = ", ".join(f"{k} {v}" for k, v in sorted(stats["relations"].items())) or "none"
    print(f"stances:   {relations}")
    print(f"entity suggestions: {stats['suggestions']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
