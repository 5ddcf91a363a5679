"""The command line of field teams: ``annotator merge`` and ``annotator agreement``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
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
    agr.add_argument(
        "--plot",
        type=Path,
        metavar="OUT.png",
        help="also draw the progress charts (documents done over time, spans per label, "
        "agreement per label) to a 1280x800 PNG",
    )
    agr.add_argument("--force", action="store_true", help="with --plot: replace an existing file")


#: Draws the charts: (store, report, analysts, path) -> the sentence to print. The window's
#: code (``annotator.ui.progress_plot``), handed in by ``annotator.cli``: teams imports no Qt.
Plot = Callable[[Store, Any, "list[str] | None", Path], str]


def run_team_command(store: Store, args: argparse.Namespace, plot: Plot | None = None) -> int:
    """Run ``merge`` or ``agreement``; returns the exit status."""
    if args.command == "merge":
        return _merge(store, args)
    return _agreement(store, args, plot)


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
            store, list(args.paths), backup=not args.no_backup, on_read=read, on_merged=merged,
            passphrases=merge_passphrases(store, args),
        )  # fmt: skip
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


def merge_passphrases(store: Store, args: argparse.Namespace) -> dict[Path, str]:
    """Each encrypted input's passphrase (#19): the file after it, else the base's or the
    environment's, the same for every input."""
    import os

    from annotator.store.encryption import PASSPHRASE_ENV, read_passphrase_file
    from annotator.store.locking import passphrase_of
    from annotator.teams.input_keys import input_passphrases

    shared = passphrase_of(store)
    if shared is None and getattr(args, "passphrase_file", None) is not None:
        shared = read_passphrase_file(args.passphrase_file)
    shared = shared or os.environ.get(PASSPHRASE_ENV) or None
    return input_passphrases(list(args.paths), getattr(args, "input_keys", {}), shared)


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


def _plot_target(path: Path, force: bool) -> str | None:
    """Why the PNG cannot go to ``path`` (a folder; a file, without --force), or None."""
    from annotator.io.safe_paths import TargetExists

    if path.is_dir():
        return (
            f"cannot write {path}: it is a folder; give a file name such as {path / 'progress.png'}"
        )
    if (path.exists() or path.is_symlink()) and not force:
        return str(TargetExists(path, folder=False))
    return None


def _agreement(store: Store, args: argparse.Namespace, plot: Plot | None = None) -> int:
    from annotator.io.safe_paths import ExportError
    from annotator.teams.agreement import agreement
    from annotator.teams.report import text_report

    if args.plot is not None:
        refused = _plot_target(args.plot, args.force)
        if refused is None and plot is None:
            refused = "--plot needs the window's libraries (PySide6 and pyqtgraph)"
        if refused:
            print(f"annotator: {refused}", file=sys.stderr)
            return 2

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
    from annotator.io.out_folder import created_note, missing_folder
    from annotator.teams.chosen_names import unknown_choice

    if problem := unknown_choice(store, analysts, labels):  # a typo selects nobody: say so
        print(f"annotator: {problem}", file=sys.stderr)
        return 2
    missing = missing_folder(args.plot) if args.plot is not None else None
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
    if args.plot is not None and plot is not None:
        try:
            print(plot(store, report, analysts, args.plot), file=sys.stderr)
        except ExportError as exc:
            print(f"annotator: {exc}", file=sys.stderr)
            return 2
        if note := created_note(missing, args.plot):  # as export says it
            print(note, file=sys.stderr)
    return 0
