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
from annotator.nlp.language_suggesters import (
    LanguageSuggesters,
    is_default,
    languages_of,
    runs_of,
)
from annotator.nlp.model import ModelInfo, ModelUnavailable
from annotator.nlp.model_suggester import ModelFolderError
from annotator.nlp.suggest import ParserMissing, as_row
from annotator.nlp.suggesters import SUGGESTER_SETTING, Suggester, project_choice
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


@dataclass(slots=True, frozen=True)
class LanguageSuggesterReady:
    """A language's own suggester loaded (``config suggester --language``): its pipelines."""

    language: str
    runs: tuple[ModelInfo, ...]


@dataclass(slots=True, frozen=True)
class LanguageSkipped:
    """No proposals for this document: its language has no suggester (the sentence says
    which command sets one), or the one set could not load."""

    doc_id: int
    message: str


def describe(choice: str, runs: tuple[ModelInfo, ...]) -> str:
    """'rules (en_core_web_sm 3.8.0)', 'model trained:m (20261127…)', for the status bar."""
    kind = choice.partition(":")[0]
    return f"{kind} ({', '.join(f'{i.name} {i.version}' for i in runs)})"


def project_suggester_job(
    db_path: Path, parser_setting: str | None, ctx: JobContext, passphrase: str | None = None
) -> Iterator[SuggesterReady | ProposalsReady | ParserMissing]:
    """Load the project's suggester, then propose for each requested document (``ctx.request``)."""
    with Store(db_path, passphrase=passphrase) as reader:
        # other languages than English: each its own suggester, loaded when first asked (#17)
        others = LanguageSuggesters(reader.get_setting)
        suggester: Suggester | None = None
        missing = ""
        try:
            choice = project_choice(reader)
            suggester = Suggester(choice, parser_setting)
        except ModelFolderError as exc:
            missing = f"{exc}; or go back to the rules: annotator config suggester rules"
        except ModelUnavailable as exc:
            missing = str(exc)
        if suggester is None:
            yield ParserMissing(missing)
            if not reader.settings_with_prefix(SUGGESTER_SETTING + "."):
                return
        else:
            yield SuggesterReady(choice.text(), runs_of(suggester))
        announced: set[str] = set()
        while not ctx.cancelled():
            doc_id = ctx.take_request(IDLE_WAIT_S)
            if doc_id is None:
                continue
            texts = reader.texts([doc_id])
            if not texts:
                continue
            code = languages_of(reader, [doc_id], dict(texts))[doc_id]
            chosen: Suggester | str = (
                (suggester or f"no attribution proposals: {missing}")
                if is_default(code)
                else others.get(code or "")
            )
            if isinstance(chosen, str):
                yield LanguageSkipped(doc_id, chosen)
                continue
            runs = runs_of(chosen)
            if not is_default(code) and code not in announced:
                announced.add(code or "")
                yield LanguageSuggesterReady(code or "", runs)
            if all(reader.has_attribution_run(doc_id, i.name, i.version) for i in runs):
                yield ProposalsReady(doc_id, [], 0.0)
                continue
            started = time.perf_counter()
            found = next(chosen.runs([texts[0][1]]))
            rows = [(info, [as_row(s) for s in props]) for info, props in found]
            yield ProposalsReady(doc_id, rows, time.perf_counter() - started)
