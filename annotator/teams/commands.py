"""The command line of field teams: ``annotator merge`` and ``annotator agreement``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from annotator.store import Store


def add_team_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``merge`` and ``agreement`` sub-commands to the main parser."""
    mrg = sub.add_parser(
        "merge",
        parents=[common],
        help="merge the analysts' project files (or JSONL/brat exports) into this project",
    )
    mrg.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="another project file (.db), or our JSONL export or brat export folder",
    )
    mrg.add_argument(
        "--conflicts", action="store_true", help="list the edits that lost a merge, and stop"
    )
    mrg.add_argument("--no-backup", action="store_true", help="do not copy the project aside first")

    agr = sub.add_parser("agreement", parents=[common], help="how far the analysts' labels agree")
    agr.add_argument("--analysts", metavar="A,B", help="only these analysts (comma-separated)")
    agr.add_argument("--documents", metavar="1,2", help="only these document ids")
    agr.add_argument(
        "--labels", metavar="A,B", help="only these span labels (default: the schema's)"
    )
    agr.add_argument("--format", default="text", choices=["text", "json"])


def run_team_command(store: Store, args: argparse.Namespace) -> int:
    """Run ``merge`` or ``agreement``; returns the exit status."""
    if args.command == "merge":
        return _merge(store, args)
    return _agreement(store, args)


def _merge(store: Store, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from annotator.teams.merge import FileOutcome, merge_files

    if args.conflicts:
        return _list_conflicts(store)
    if not args.paths:
        print("annotator: merge needs at least one FILE (or --conflicts)", file=sys.stderr)
        return 2
    total = len(args.paths)
    bar = tqdm(total=2 * total, unit="file", desc="merge", disable=None, file=sys.stderr)
    done: list[int] = [0]

    def read(_outcome: FileOutcome) -> None:
        bar.update(1)

    def merged(outcome: FileOutcome) -> None:
        bar.update(1)
        done[0] += 1
        c = outcome.counts
        assert c is not None
        tqdm.write(
            f"file {done[0]}/{total}: {outcome.path}: {outcome.documents} document(s), "
            f"{c.spans} span(s), {c.relations} stance(s), {c.deleted} deleted, "
            f"{c.conflicts} conflict(s)",
            file=sys.stderr,
        )

    try:
        report = merge_files(
            store, list(args.paths), backup=not args.no_backup, on_read=read, on_merged=merged
        )
    finally:
        bar.close()
    print(report.summary())
    for outcome in report.files:
        if outcome.note and outcome.counts is not None:
            print(f"note: {outcome.path}: {outcome.note}", file=sys.stderr)
        if outcome.refused:
            print(f"  not merged: {outcome.path}: {outcome.refused}")
        for problem in outcome.problems:
            print(f"  skipped {problem}")
    if report.counts.conflicts:
        print("  see them with: annotator merge --conflicts")
    return 0 if report.ok else 1


def _list_conflicts(store: Store) -> int:
    conflicts = store.merge_conflicts()
    if not conflicts:
        print("no merge conflicts")
        return 0
    for c in conflicts:
        who = c.annotator or "(no analyst)"
        print(
            f"document {c.doc_id}  {c.kind} {c.uid}  {who}: kept {c.kept} ({c.kept_at}); "
            f"lost {c.lost} ({c.lost_at}); found merging {c.found_in or 'the base'}"
        )
    print(f"{len(conflicts)} conflict(s)")
    return 0


def _ids(text: str | None) -> list[int] | None:
    """Comma-separated document ids; ``ValueError`` when one is not a number."""
    if not text:
        return None
    return [int(x) for x in text.split(",") if x.strip()]


def _agreement(store: Store, args: argparse.Namespace) -> int:
    from annotator.teams.agreement import agreement
    from annotator.teams.report import text_report

    analysts = [a.strip() for a in args.analysts.split(",")] if args.analysts else None
    try:
        documents = _ids(args.documents)
    except ValueError:
        print(
            f"annotator: --documents takes comma-separated ids (see 'list'), not "
            f"{args.documents!r}",
            file=sys.stderr,
        )
        return 2
    labels = [a.strip() for a in args.labels.split(",")] if args.labels else None
    report = agreement(store, analysts=analysts, documents=documents, labels=labels)
    if args.format == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    else:
        print(text_report(report))
    if not report.documents:
        print(
            "note: no document has layers by two or more analysts"
            + (" among those chosen" if analysts or documents else ""),
            file=sys.stderr,
        )
    return 0
