"""The command line: import, list, stats and open the workbench."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.core.model import Status, status_or_all
from annotator.crypt_command import passphrase_for, run_crypt
from annotator.io.exporting import ALL_FORMATS as EXPORT_FORMATS
from annotator.io.importer import FORMATS
from annotator.nlp.model import ModelUnavailable
from annotator.paths import default_db
from annotator.store import Store, StoreError
from annotator.store.encryption import PASSPHRASE_ENV, EncryptionError
from annotator.store.errors import DB_ERRORS, describe
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

    lst = sub.add_parser("list", parents=[common], help="list documents")
    lst.add_argument("--status", choices=[s.value for s in Status])
    lst.add_argument("--search", help="full-text search over titles and texts")
    lst.add_argument("--limit", type=int, default=0, help="show at most this many")

    sub.add_parser("stats", parents=[common], help="counts of documents, spans and relations")

    sub.add_parser("encrypt", parents=[common], help="encrypt the project file in place")
    dec = sub.add_parser("decrypt", parents=[common], help="write a plain (readable) copy")
    dec.add_argument("--out", required=True, type=Path, help="the plain copy to write")

    pre = sub.add_parser(
        "preannotate", parents=[common], help="highlight entities with spaCy in every new document"
    )
    pre.add_argument("--model", help="spaCy package name or folder (default: the project setting)")
    pre.add_argument("--n-process", type=int, default=1, metavar="N")
    pre.add_argument("--batch-size", type=int, default=64, metavar="B")

    sug = sub.add_parser(
        "suggest",
        parents=[common],
        help="propose attributions (source, cue, claim) in every document",
    )
    sug.add_argument("--model", help="spaCy package name or folder (needs a parser)")
    sug.add_argument("--batch-size", type=int, default=16, metavar="B")

    cfg = sub.add_parser("config", parents=[common], help="show or change a project setting")
    cfg.add_argument("key", nargs="?", choices=["model", "schema", "suggester"], help="the setting")
    cfg.add_argument("value", nargs="?", help="the new value (omit to show it)")
    cfg.add_argument(  # CODE [VALUE]: argparse takes VALUE here in `config model --language ar P`
        "--language", nargs="+", metavar="CODE", help="the model for this language (e.g. ar)"
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
        choices=["article", "who-says-what"],
        help="what the screenshot shows (default: the article)",
    )


#: Commands that only read: on a missing project file they say so instead of creating one.
READ_ONLY = frozenset({"list", "stats", "export", "agreement"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    db = getattr(args, "db", None) or default_db()
    command = args.command or "open"
    try:
        passphrase = passphrase_for(db, args, command)
        if command == "open":
            if passphrase is not None:
                raise EncryptionError(
                    f"{db} is encrypted; the window cannot open encrypted projects yet"
                    " (the command line can)"
                )
            from annotator.ui.app import run_app  # Qt loads only for the window

            return run_app(
                db,
                model=args.model,
                analyst=args.analyst,
                quit_after_ms=getattr(args, "quit_after", None),
                screenshot=getattr(args, "screenshot", None),
                size=getattr(args, "size", None),
                doc=getattr(args, "doc", None),
                view=getattr(args, "view", "article"),
            )
        read_only = command in READ_ONLY or getattr(args, "claims_command", "") in ("list", "rank")
        if command in ("encrypt", "decrypt"):
            return run_crypt(db, command, passphrase, args)
        with Store(db, create=not read_only, passphrase=passphrase) as store:
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

                return run_team_command(store, args)
            return _stats(store)
    except (StoreError, ModelUnavailable, EncryptionError) as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except DB_ERRORS as exc:  # a busy, full, read-only or damaged file: a sentence, no trace
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
            encoding=args.encoding,
            language=language,
        )
    for result in report.files:
        if result.note:
            print(f"note: {result.path}: {result.note}", file=sys.stderr)
    print(report.summary())
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
    from tqdm import tqdm

    from annotator.nlp.entities import preannotate
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
        bar.update(progress.done - bar.n)
        bar.set_postfix_str(f"{progress.words_per_s:,.0f} words/s", refresh=False)

    try:
        result = preannotate(
            store, nlp, info, batch_size=args.batch_size, n_process=args.n_process, on_progress=show
        )
    except KeyboardInterrupt:
        bar.close()
        done = total - len(store.pending_preannotation(info.name, info.version))
        print(
            f"interrupted: {done} of {total} document(s) saved; run again to continue",
            file=sys.stderr,
        )
        return 130
    bar.close()
    print(
        f"pre-annotated {result.done} document(s) with {info.label} "
        f"({result.words_per_s:,.0f} words/s)"
    )
    return 0


def _suggest(store: Store, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from annotator.nlp.model import MODEL_SETTING
    from annotator.nlp.model_suggester import ModelFolderError
    from annotator.nlp.suggesters import (
        Suggester,
        parse_choice,
        project_choice,
        suggest_corpus_with,
    )

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
            done = suggest_corpus_with(
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
    print(f"proposed attributions in {done} document(s) with {info.label}; {count} open")
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
    options = ExportOptions(
        status=status,
        annotator=args.annotator,
        include_suggestions=args.include_suggestions,
        train=args.split,
        seed=args.seed,
        force=args.force,
    )
    try:
        result = run_export(store, args.format, args.out, options)
    except ExportError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    written = result.written
    for target, count in written.items():
        print(f"wrote {count} document(s) to {target}")
    for folder, count in result.left.items():
        print(f"left {count} other file(s) in {folder} as they were")
    if not any(written.values()):
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

    name = args.key or "model"
    if name == "suggester":
        return _config_suggester(store, args.value)
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
    from annotator.nlp.suggesters import (
        SUGGESTER_SETTING,
        TRAINED_SETTING,
        parse_choice,
        save_choice,
    )

    try:
        if value is None:
            stored = store.get_setting(SUGGESTER_SETTING)
            print(f"suggester = {stored}" if stored else "suggester is not set (rules are used)")
            return 0
        choice = parse_choice(value, store.get_setting(TRAINED_SETTING))
    except ModelFolderError as exc:
        print(f"annotator: {exc}; the project keeps its current suggester", file=sys.stderr)
        return 2
    save_choice(store, choice)
    print(f"suggester = {choice.text()}")
    return 0


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
