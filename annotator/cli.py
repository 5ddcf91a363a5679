"""The command line: import, list, stats and open the workbench."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.broken_pipe import quiet_on_broken_pipe
from annotator.core.model import Status, status_or_all
from annotator.crypt_command import passphrase_for, run_crypt
from annotator.engine_command import add_engine_arguments, preannotate_interrupted, uses_cluster
from annotator.io.exporting import ALL_FORMATS as EXPORT_FORMATS
from annotator.io.importer import FORMATS
from annotator.nlp.model import ModelUnavailable
from annotator.paths import default_db
from annotator.store import Store, StoreError
from annotator.store.encryption import PASSPHRASE_ENV, EncryptionError
from annotator.store.errors import db_errors, describe
from annotator.train_command import add_train_parser, run_train


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"project file (default: {default_db()})",
    )
    common.add_argument(
        "--encrypt",
        action="store_true",
        default=argparse.SUPPRESS,
        help="create the new project file encrypted (asks for a passphrase)",
    )
    common.add_argument(
        "--passphrase-file",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help=f"read an encrypted project's passphrase from FILE's first line (or {PASSPHRASE_ENV})",
    )
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label who claims what in news articles, offline.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for add in (_add_corpus_parsers, _add_export_parser, add_train_parser, _add_open_parser):
        add(sub, common)
    from annotator.teams.commands import add_team_parsers

    add_team_parsers(sub, common)  # merge, agreement

    from annotator.claims.commands import add_claims_parsers

    add_claims_parsers(sub, common)  # claims list | create | rank
    return parser


def _add_corpus_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """import, list, stats, preannotate, suggest, config."""
    imp = sub.add_parser("import", parents=[common], help="import articles from files or folders")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--format", choices=FORMATS, help="read every file as this format")
    imp.add_argument("--text-column", help="CSV column that holds the article text")
    imp.add_argument("--encoding", help="read every file in this encoding (e.g. cp1256)")
    imp.add_argument("--language", help="ISO 639-1 code (e.g. ar) for every document")
    from annotator.archive_command import add_import_arguments

    add_import_arguments(imp)  # .age archives: --archive-passphrase-file, --identity (#19)

    lst = sub.add_parser("list", parents=[common], help="list documents")
    lst.add_argument("--status", choices=[s.value for s in Status])
    lst.add_argument("--search", help="full-text search over titles and texts")
    from annotator.core.limits import document_limit

    lst.add_argument("--limit", type=document_limit, help="show at most this many (0: none)")

    sub.add_parser("stats", parents=[common], help="counts of documents, spans and relations")

    sub.add_parser("encrypt", parents=[common], help="encrypt the project file in place")
    dec = sub.add_parser("decrypt", parents=[common], help="write a plain (readable) copy")
    dec.add_argument("--out", required=True, type=Path, help="the plain copy to write")
    rek = sub.add_parser("rekey", parents=[common], help="change the passphrase of the project")
    rek.add_argument("--new-passphrase-file", type=Path, metavar="FILE", help="the new one")

    pre = sub.add_parser(
        "preannotate", parents=[common], help="highlight entities with spaCy in every new document"
    )
    pre.add_argument("--model", help="spaCy package name or folder (default: the project setting)")
    pre.add_argument("--n-process", type=int, default=1, metavar="N")
    pre.add_argument("--batch-size", type=int, default=64, metavar="B")
    add_engine_arguments(pre)  # --engine local|dask, --scheduler, --workers

    sug = sub.add_parser(
        "suggest",
        parents=[common],
        help="propose attributions (source, cue, claim) in every document",
    )
    sug.add_argument("--model", help="spaCy package name or folder (needs a parser)")
    sug.add_argument("--batch-size", type=int, default=16, metavar="B")
    add_engine_arguments(sug)

    cfg = sub.add_parser("config", parents=[common], help="show or change a project setting")
    cfg.add_argument(
        "key",
        nargs="?",
        choices=["model", "schema", "suggester", "lock-after", "gold", "retrain-after"],
        help="the setting",
    )
    cfg.add_argument("value", nargs="?", help="the new value (omit to show it)")
    cfg.add_argument(  # CODE [VALUE]: argparse takes VALUE here in `config model --language ar P`
        "--language", nargs="+", metavar="CODE", help="model/suggester of this language (e.g. ar)"
    )


def _add_export_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """export: the formats, the selection, the split and --force."""
    exp = sub.add_parser("export", parents=[common], help="write training data")
    exp.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    exp.add_argument(
        "--out", required=True, type=Path, help="file (or folder for brat, fnc or --split)"
    )
    exp.add_argument(
        "--status",
        default="done",
        help="documents with this status (default: done; 'all' for every one)",
    )
    exp.add_argument("--annotator", help="only this analyst's spans and stances")
    exp.add_argument(
        "--include-suggestions",
        action="store_true",
        help="also write spaCy's entity suggestions (as entities)",
    )
    exp.add_argument(
        "--split",
        type=float,
        metavar="TRAIN",
        help="train/dev split by document, e.g. 0.8 (OUT becomes a folder)",
    )
    exp.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")
    exp.add_argument(
        "--force",
        action="store_true",
        help="write over an existing file, or into a non-empty folder (replacing only the "
        "files this export names)",
    )
    from annotator.archive_command import add_export_arguments

    add_export_arguments(exp)  # --encrypt-to, --archive-passphrase-file (#19)


def _add_open_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """open: the workbench, or a screenshot of it."""
    op = sub.add_parser("open", parents=[common], help="open the workbench window")
    op.add_argument("--model", help="spaCy package name or folder for this session")
    op.add_argument("--analyst", help="who is annotating (default: asked once, remembered)")
    op.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    op.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="draw the window offscreen to this PNG once the article is shown, then exit",
    )
    op.add_argument("--size", metavar="WxH", help="screenshot size in pixels (default 1280x800)")
    op.add_argument("--doc", type=int, metavar="ID", help="the article to show (see 'list')")
    op.add_argument(
        "--view",
        default="article",
        choices=["article", "who-says-what", "adjudicate"],
        help="what the screenshot shows (default: the article)",
    )


#: Commands that only read: on a missing project file they say so instead of creating one.
READ_ONLY = frozenset({"list", "stats", "export", "agreement"})


@quiet_on_broken_pipe  # `annotator list | head -3`: exit 141 without a traceback
def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    from annotator.teams.input_keys import take_input_keys

    argv, input_keys = take_input_keys(list(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(argv)
    args.input_keys = input_keys  # merge: the --passphrase-file after each input (#19)
    db = getattr(args, "db", None) or default_db()
    command = args.command or "open"
    try:
        if command == "open":  # the same start as launch's fast path (no command: open too)
            from annotator.launch import open_window

            return open_window(db, args)
        passphrase = passphrase_for(db, args, command)
        read_only = command in READ_ONLY or getattr(args, "claims_command", "") in ("list", "rank")
        if command in ("encrypt", "decrypt", "rekey"):
            return run_crypt(db, command, passphrase, args)
        from annotator.store.read_only import open_project  # a read-only share: reads work

        with open_project(db, reading=read_only, passphrase=passphrase) as store:
            if command == "import":
                return _import(store, args)
            if command == "list":
                return _list(store, args)
            if command == "preannotate":
                return _preannotate(store, args)
            if command == "config":
                return _config(store, args)
            if command == "export":
                return _export(store, args)
            if command == "suggest":
                return _suggest(store, args)
            if command == "train":
                return run_train(store, args)
            if command == "claims":
                from annotator.claims.commands import run_claims_command

                return run_claims_command(store, args)
            if command in ("merge", "agreement"):
                from annotator.teams.commands import run_team_command

                if getattr(args, "plot", None) is None:
                    return run_team_command(store, args)
                from annotator.ui.progress_plot import write_progress_png  # Qt only for --plot

                return run_team_command(store, args, plot=write_progress_png)
            return _stats(store)
    except (StoreError, ModelUnavailable, EncryptionError) as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except db_errors() as exc:  # a busy, full, read-only or damaged file: a sentence, no trace
        print(f"annotator: {describe(exc, db)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("annotator: interrupted; every file that finished is stored", file=sys.stderr)
        return 130


def _import(store: Store, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from annotator.core.language import normalise
    from annotator.io.decoding import check_encoding
    from annotator.io.importer import import_paths, planned_bytes

    problem = check_encoding(args.encoding) if args.encoding else None
    language = normalise(args.language) if args.language else None
    if args.language and language is None:
        problem = f"--language {args.language!r} is not an ISO 639-1 code such as ar or en"
    if problem:
        print(f"annotator: {problem}", file=sys.stderr)
        return 2
    from annotator.archive_command import import_archives, split_archives

    archives, args.paths = split_archives(args.paths)  # .age: opened in memory (#19)
    total = planned_bytes(args.paths, args.format)
    with tqdm(
        total=total, unit="B", unit_scale=True, desc="import", disable=None, file=sys.stderr
    ) as bar:
        report = import_paths(
            store,
            args.paths,
            fmt=args.format,
            text_column=args.text_column,
            on_bytes=bar.update,  # record by record in a large file
            encoding=args.encoding,
            language=language,
        )
    if archives:
        sealed = import_archives(store, args, archives, language)
        report.files += sealed.files
        report.ignored += sealed.ignored
    for result in report.files:
        if result.note:
            print(f"note: {result.path}: {result.note}", file=sys.stderr)
    print(report.summary())
    from annotator.io.schema_note import outside_schema

    if kept := outside_schema(store, report):  # e.g. PolNeAR's Discuss and Discard (#iofix)
        print(f"  {kept}")
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


def _preannotate(store: Store, args: argparse.Namespace) -> int:
    if uses_cluster(args):
        from annotator.engine_command import run_preannotate

        return run_preannotate(store, args)
    from tqdm import tqdm

    from annotator.nlp.entities import preannotate, skipped_note
    from annotator.nlp.model import MODEL_SETTING, ModelUnavailable, load_entity_pipeline

    try:
        nlp, info = load_entity_pipeline(args.model or store.get_setting(MODEL_SETTING))
    except ModelUnavailable as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    total = len(store.pending_preannotation(info.name, info.version))
    if total == 0:
        print(f"nothing to do: {info.label} has seen every document")
        return 0
    bar = tqdm(
        total=total,
        unit="doc",
        desc=f"entities ({info.label})",
        file=sys.stderr,
        dynamic_ncols=True,
    )

    def show(progress):  # type: ignore[no-untyped-def]
        bar.update(progress.seen - bar.n)  # #17: documents in another language count too
        bar.set_postfix_str(f"{progress.words_per_s:,.0f} words/s", refresh=False)

    try:
        result = preannotate(
            store, nlp, info, batch_size=args.batch_size, n_process=args.n_process, on_progress=show
        )
    except KeyboardInterrupt:
        bar.close()
        return preannotate_interrupted(store, info, total)
    bar.close()
    print(
        f"pre-annotated {result.done} document(s) with {info.label} "
        f"({result.words_per_s:,.0f} words/s)"
    )
    if note := skipped_note(result, store.get_setting):  # #17: which languages, and why
        print(note)
    return 0


def _suggest(store: Store, args: argparse.Namespace) -> int:
    if uses_cluster(args):
        from annotator.engine_command import run_suggest

        return run_suggest(store, args)
    from tqdm import tqdm

    from annotator.nlp.language_suggesters import suggest_by_language
    from annotator.nlp.model import MODEL_SETTING
    from annotator.nlp.model_suggester import ModelFolderError
    from annotator.nlp.suggesters import Suggester, parse_choice, project_choice

    try:  # --model names the parser for the rules, for this run
        choice = parse_choice("rules") if args.model else project_choice(store)
        suggester = Suggester(choice, args.model or store.get_setting(MODEL_SETTING))
    except ModelFolderError as exc:
        print(f"annotator: {exc}; or `annotator config suggester rules`", file=sys.stderr)
        return 2
    info = suggester.info
    total = len(suggester.pending(store))
    if total == 0:
        print(f"nothing to do: {info.label} has proposed attributions for every document")
        return 0
    with tqdm(
        total=total,
        unit="doc",
        desc=f"attributions ({info.label})",
        file=sys.stderr,
        dynamic_ncols=True,
    ) as bar:
        try:
            run = suggest_by_language(  # #17: each language with its own suggester, or skipped
                store,
                suggester,
                batch_size=args.batch_size,
                on_progress=lambda n, _t: bar.update(n - bar.n),
            )
        except KeyboardInterrupt:
            print(
                "interrupted: every finished document is saved; run again to continue",
                file=sys.stderr,
            )
            return 130
    count = store.count_open_suggestions()
    print(f"proposed attributions in {run.done} document(s) with {info.label}; {count} open")
    if note := run.note():
        print(note)
    return 0


def _export(store: Store, args: argparse.Namespace) -> int:
    from annotator.io.exporting import ExportError, ExportOptions, run_export

    try:
        status = status_or_all(args.status)
    except ValueError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    if args.split is not None and not 0 < args.split < 1:
        print("annotator: --split takes the train share, between 0 and 1", file=sys.stderr)
        return 2
    from annotator.core.names import unknown_names
    from annotator.io.out_folder import created_note, missing_folder

    if args.annotator is not None and (problem := unknown_names(  # not "wrote 0"
        [args.annotator], store.analysts(), option="--annotator", what="analyst",
        where="this project")):  # fmt: skip
        print(f"annotator: {problem}", file=sys.stderr)
        return 2
    missing = missing_folder(args.out)
    options = ExportOptions(
        status=status,
        annotator=args.annotator,
        include_suggestions=args.include_suggestions,
        train=args.split,
        seed=args.seed,
        force=args.force,
    )
    if getattr(args, "encrypt_to", None):  # an encrypted age archive instead (#19)
        from annotator.archive_command import run_archive_export

        return run_archive_export(store, args, options)
    try:
        result = run_export(store, args.format, args.out, options)
    except ExportError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    from annotator.archive_command import plain_notice

    plain_notice(store, args.out)  # an encrypted project's export is plain text: say so once
    if note := created_note(missing, args.out):
        print(note, file=sys.stderr)
    written = result.written
    for target, count in written.items():
        print(f"wrote {count} document(s) to {target}")
    for folder, count in result.left.items():
        print(f"left {count} other file(s) in {folder} as they were")
    for note in result.notes:  # pairs left out, ids made up, claims carried (#iofix)
        print(f"note: {note}", file=sys.stderr)
    if not any(written.values()) and not result.notes:
        print(f"note: no documents with status {args.status!r}; try --status all", file=sys.stderr)
    return 0


def _config(store: Store, args: argparse.Namespace) -> int:
    from annotator.core.schema import (
        LAST_GOOD_SETTING,
        SCHEMA_SETTING,
        SchemaError,
        read_schema_text,
        schema_from_text,
    )
    from annotator.nlp.model import MODEL_SETTING, resolve_model

    if args.key is None and not getattr(args, "language", None):
        from annotator.config_overview import show_settings

        return show_settings(store)  # bare `config`: every setting and where it comes from
    name = args.key or "model"
    if name == "lock-after":  # #19: minutes without input before the window locks
        from annotator.crypt_command import config_lock_after

        return config_lock_after(store, args.value)
    if name == "suggester":
        if getattr(args, "language", None):  # #17: the suggester for one language
            from annotator.language_command import config_suggester_language

            return config_suggester_language(store, args)
        return _config_suggester(store, args.value)
    if name == "retrain-after":  # #14: retrain in the workbench after K finished articles
        from annotator.train_command import config_retrain_after

        return config_retrain_after(store, args.value)
    if name == "gold":  # #13: the adjudicated layer's analyst
        from annotator.teams.gold_setting import config_gold

        return config_gold(store, args.value)
    key = {"model": MODEL_SETTING, "schema": SCHEMA_SETTING}[name]
    if name == "model" and getattr(args, "language", None):
        from annotator.core.language import normalise
        from annotator.nlp.model import model_setting

        code, *value = args.language
        args.value = value[0] if value and args.value is None else args.value
        code = normalise(code)
        if code is None:
            print(f"annotator: --language {args.language!r} is not a code", file=sys.stderr)
            return 2
        key = model_setting(code)
    if args.value is None:
        value = store.get_setting(key)
        print(f"{name} = {value}" if value else f"{name} is not set (the default is used)")
        return 0
    if name == "model":
        resolve_model(args.value)  # refuse a model that cannot be found, now rather than later
        store.set_setting(key, args.value)
    else:
        path = str(Path(args.value).resolve())
        try:
            text = read_schema_text(path)
            schema_from_text(text, path)
        except SchemaError as exc:
            print(f"annotator: {exc}; the project keeps its current schema", file=sys.stderr)
            return 2
        with store.transaction():
            store.set_setting(key, path)
            store.set_setting(LAST_GOOD_SETTING, text)
        args.value = path
    print(f"{name} = {args.value}")
    return 0


def _config_suggester(store: Store, value: str | None) -> int:
    from annotator.nlp.model_suggester import ModelFolderError
    from annotator.nlp.suggesters import parse_for_project, save_choice

    try:
        if value is None:
            from annotator.config_overview import suggester_text

            stored = suggester_text(store)  # model:DIR, not just "model"
            print(f"suggester = {stored}" if stored else "suggester is not set (rules are used)")
            return 0
        choice = parse_for_project(store, value)  # model:project reads the stored model
    except ModelFolderError as exc:
        print(f"annotator: {exc}; the project keeps its current suggester", file=sys.stderr)
        return 2
    save_choice(store, choice)
    print(f"suggester = {choice.text()}")
    return 0


def _list(store: Store, args: argparse.Namespace) -> int:
    ids = store.document_ids(status=args.status, query=args.search)
    if args.limit is not None:  # 0 shows none; a negative one is refused by the parser
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
    from annotator.store.rows import readable_size

    print(f"file size: {readable_size(stats['file_bytes'])}  ({store.path})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
