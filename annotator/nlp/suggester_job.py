"""The workbench's proposals from the project's suggester (rules, a trained model, or both).

A background job (runs on a worker thread): it reads the project's choice, loads
its pipelines, then waits for document ids and yields plain proposal records per
pipeline. It only reads the project file; the owner writes what it yields.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.jobs import JobContext
from annotator.nlp.model import ModelInfo, ModelUnavailable
from annotator.nlp.model_suggester import ModelFolderError
from annotator.nlp.suggest import ParserMissing, as_row
from annotator.nlp.suggesters import Suggester, project_choice
from annotator.store import Store

IDLE_WAIT_S = 0.25


@dataclass(slots=True, frozen=True)
class SuggesterReady:
    """The project's suggester is loaded: its setting and its pipelines (the model's first)."""

    choice: str
    runs: tuple[ModelInfo, ...]


@dataclass(slots=True, frozen=True)
class ProposalsReady:
    """One document's proposals from each pipeline (empty: all of them were stored already)."""

    doc_id: int
    runs: list[tuple[ModelInfo, list[dict[str, Any]]]]
    seconds: float


def describe(choice: str, runs: tuple[ModelInfo, ...]) -> str:
    """'rules (en_core_web_sm 3.8.0)', 'model trained:m (20261127…)', for the status bar."""
    kind = choice.partition(":")[0]
    return f"{kind} ({', '.join(f'{i.name} {i.version}' for i in runs)})"


def project_suggester_job(
    db_path: Path, parser_setting: str | None, ctx: JobContext, passphrase: str | None = None
) -> Iterator[SuggesterReady | ProposalsReady | ParserMissing]:
    """Load the project's suggester, then propose for each requested document (``ctx.request``)."""
    with Store(db_path, passphrase=passphrase) as reader:
        try:
            choice = project_choice(reader)
            suggester = Suggester(choice, parser_setting)
        except ModelFolderError as exc:
            yield ParserMissing(f"{exc}; or go back to the rules: annotator config suggester rules")
            return
        except ModelUnavailable as exc:
            yield ParserMissing(str(exc))
            return
        runs = tuple(p[1] for p in (suggester.model, suggester.rules) if p is not None)
        yield SuggesterReady(choice.text(), runs)
        while not ctx.cancelled():
            doc_id = ctx.take_request(IDLE_WAIT_S)
            if doc_id is None:
                continue
            texts = reader.texts([doc_id])
            if not texts:
                continue
            if all(reader.has_attribution_run(doc_id, i.name, i.version) for i in runs):
                yield ProposalsReady(doc_id, [], 0.0)
                continue
            started = time.perf_counter()
            found = next(suggester.runs([texts[0][1]]))
            rows = [(info, [as_row(s) for s in props]) for info, props in found]
            yield ProposalsReady(doc_id, rows, time.perf_counter() - started)
