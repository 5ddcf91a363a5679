"""``--engine local|dask`` for ``annotator preannotate`` and ``suggest``: the options, and the
runs on a Dask cluster (the local runs stay in ``cli``). Nothing here is imported at start-up
beyond argparse: the engines load only when a run asks for one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.nlp.engines import EngineOptions
    from annotator.store import Store

ENGINES = ("local", "dask")


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """The engine flags, shared by preannotate and suggest."""
    group = parser.add_argument_group("engine (a Dask cluster for large corpora)")
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: this process (default); dask: a cluster (embedded on 127.0.0.1,"
        " or the one at --scheduler)",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running `dask scheduler`, e.g. tls://10.0.0.5:8786 (implies --engine dask)",
    )
    group.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="embedded cluster: N worker processes (default 2); with --scheduler: wait until"
        " N workers have joined (default 1)",
    )
    group.add_argument(
        "--partition-size",
        type=int,
        default=32,
        metavar="D",
        help="documents per partition sent to a worker (default 32)",
    )
    for name, what in (
        ("ca", "the CA's certificate"),
        ("cert", "this machine's certificate"),
        ("key", "this machine's private key"),
    ):
        group.add_argument(
            f"--tls-{name}",
            type=Path,
            metavar="FILE",
            help=f"{what} (PEM) for a tls:// scheduler; default: dask's distributed.comm.tls",
        )


def uses_cluster(args: argparse.Namespace) -> bool:
    return getattr(args, "engine", "local") == "dask" or bool(getattr(args, "scheduler", None))


def _options(args: argparse.Namespace) -> EngineOptions:
    from annotator.nlp.engines import EngineError, EngineOptions

    if args.workers is not None and args.workers < 1:
        raise EngineError(f"--workers {args.workers}: give 1 or more")
    if args.partition_size < 1:
        raise EngineError(f"--partition-size {args.partition_size}: give 1 or more")
    return EngineOptions(
        engine="dask",
        scheduler=args.scheduler,
        workers=args.workers,
        partition_size=args.partition_size,
        tls_ca=args.tls_ca,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
    )


def _warn_if_plain(options: EngineOptions) -> None:
    from annotator.nlp.engines import plain_text_warning

    warning = plain_text_warning(options.scheduler) if options.scheduler else None
    if warning:
        print(warning, file=sys.stderr)


def _where(options: EngineOptions) -> str:
    return (
        f"the Dask cluster at {options.scheduler}" if options.scheduler else "a local Dask cluster"
    )


def preannotate_interrupted(store: Store, info: Any, total: int) -> int:
    """Ctrl-C during pre-annotation, either engine: finished batches are kept; say how many."""
    done = total - len(store.pending_preannotation(info.name, info.version))
    print(
        f"interrupted: {done} of {total} document(s) saved; run again to continue", file=sys.stderr
    )
    return 130


def run_preannotate(store: Store, args: argparse.Namespace) -> int:
    """``preannotate --engine dask``: entities on a cluster, written here partition by partition."""
    from tqdm import tqdm

    from annotator.nlp.engines import EngineError, open_engine
    from annotator.nlp.model import MODEL_SETTING, ModelUnavailable, load_entity_pipeline

    nlp, info = load_entity_pipeline(args.model or store.get_setting(MODEL_SETTING))
    total = len(store.pending_preannotation(info.name, info.version))
    if total == 0:
        print(f"nothing to do: {info.label} has seen every document")
        return 0
    bar = tqdm(total=total, unit="doc", desc=f"entities ({info.label})", file=sys.stderr, delay=1)

    def show(progress):  # type: ignore[no-untyped-def]
        bar.update(progress.done - bar.n)
        bar.set_postfix_str(f"{progress.words_per_s:,.0f} words/s", refresh=False)

    try:
        options = _options(args)
        _warn_if_plain(options)
        with open_engine(options) as engine:
            bar.reset()  # shown once the cluster is up (delay=1: not before)
            result = engine.preannotate(
                store, nlp, info, batch_size=args.batch_size, on_progress=show
            )
    except (EngineError, ModelUnavailable) as exc:  # a worker without the model, too
        bar.close()
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        bar.close()
        return preannotate_interrupted(store, info, total)
    bar.close()
    print(
        f"pre-annotated {result.done} document(s) with {info.label} on {_where(options)}"
        f" ({result.words_per_s:,.0f} words/s)"
    )
    return 0


def run_suggest(store: Store, args: argparse.Namespace) -> int:
    """``suggest --engine dask``: attribution proposals on a cluster, written here."""
    from tqdm import tqdm

    from annotator.nlp.engines import EngineError, open_engine
    from annotator.nlp.model import MODEL_SETTING, ModelUnavailable
    from annotator.nlp.model_suggester import ModelFolderError
    from annotator.nlp.suggesters import Suggester, parse_choice, project_choice

    try:  # --model names the parser for the rules, for this run
        choice = parse_choice("rules") if args.model else project_choice(store)
        suggester = Suggester(choice, args.model or store.get_setting(MODEL_SETTING))
    except ModelFolderError as exc:
        print(f"annotator: {exc}; or `annotator config suggester rules`", file=sys.stderr)
        return 2
    if choice.stored is not None:  # #19: workers load trained models from folders only
        print(
            "annotator: --engine dask loads a trained model from a folder on each worker; the "
            "model kept inside the project proposes with `annotator suggest` (no --engine)",
            file=sys.stderr,
        )
        return 2
    info = suggester.info
    total = len(suggester.pending(store))
    if total == 0:
        print(f"nothing to do: {info.label} has proposed attributions for every document")
        return 0
    desc = f"attributions ({info.label})"
    bar = tqdm(total=total, unit="doc", desc=desc, file=sys.stderr, delay=1)
    try:
        options = _options(args)
        _warn_if_plain(options)
        with open_engine(options) as engine:
            bar.reset()  # shown once the cluster is up (delay=1: not before)
            done = engine.suggest(store, suggester, on_progress=lambda n, _t: bar.update(n - bar.n))
    except (EngineError, ModelUnavailable) as exc:  # a worker without the model, too
        bar.close()
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        bar.close()
        print(
            "interrupted: every finished partition is saved; run again to continue", file=sys.stderr
        )
        return 130
    bar.close()
    count = store.count_open_suggestions()
    print(
        f"proposed attributions in {done} document(s) with {info.label} on {_where(options)};"
        f" {count} open"
    )
    return 0
