"""Which proposals a project uses: the rules, a model trained on its labels, or both.

The choice is a project setting (``annotator config suggester rules|model:DIR|both``;
``model:project`` is the model kept inside the project, see ``project_model``).
``both`` takes the model's proposals first and the rules' where the model
proposes nothing overlapping. Each proposal is stored under the suggester that
made it (``rules``: the parser's name and version; the model: ``trained:<folder>``
and its training version), so the store keeps their provenance apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.nlp.attribution import AttributionSuggestion, suggest_attributions
from annotator.nlp.model import ModelInfo, load_parse_pipeline
from annotator.nlp.model_suggester import ModelFolderError, load_trained, propose, read_provenance
from annotator.nlp.project_model import PROJECT, load_stored, stored_info
from annotator.nlp.suggest import as_row
from annotator.store import Store
from annotator.store.trained_models import ATTRIBUTION, StoredModel, load_model

SUGGESTER_SETTING = "nlp.suggester"
#: The trained model folder ``both`` uses; set by ``model:DIR``.
TRAINED_SETTING = "nlp.trained_model"
KINDS = ("rules", "model", "both")


@dataclass(slots=True, frozen=True)
class Choice:
    kind: str  # rules | model | both
    folder: Path | None = None
    #: ``model:project``: the model kept inside the project (read by ``project_choice``)
    stored: StoredModel | None = None

    def text(self) -> str:
        if self.stored is not None and self.kind == "model":
            return f"model:{PROJECT}"
        return self.kind if self.folder is None or self.kind == "both" else f"model:{self.folder}"

    def model_name(self) -> str:
        """The name this choice's model stores its proposals under."""
        if self.stored is not None:
            return stored_info(self.stored).name
        assert self.folder is not None
        return f"{TRAINED_PREFIX}{self.folder.name}"


def parse_choice(
    value: str, trained: str | None = None, stored: Callable[[], StoredModel | None] | None = None
) -> Choice:
    """``rules``, ``model:DIR``, ``both`` or ``both:DIR``; a ModelFolderError says what is wrong.

    ``model:project`` (``both:project``) is the model kept inside the project: ``stored``
    reads it (``project_choice`` passes it; without it, that form is refused).
    """
    kind, _, folder = value.partition(":")
    if kind not in KINDS or (kind == "rules" and folder):
        raise ModelFolderError(
            f"unknown suggester {value!r}; use rules, model:DIR (a folder made by "
            "`annotator train`) or both"
        )
    if kind == "rules":
        return Choice("rules")
    path = folder or trained
    if not path:
        raise ModelFolderError(
            f"{kind!r} needs a trained model: give its folder as {kind}:DIR "
            "(make one with `annotator train --out DIR`)"
        )
    if path == PROJECT:  # a folder named so is model:./project
        if stored is None:
            raise ModelFolderError(
                f"{kind}:{PROJECT} (the model kept inside the project) proposes for the "
                "project's English articles only; give a model folder here: model:DIR"
            )
        model = stored()
        if model is None:
            raise ModelFolderError(
                "the project keeps no trained model yet; train one with `annotator train` "
                "(without --out it is kept inside the project)"
            )
        return Choice(kind, None, model)
    resolved = Path(path).expanduser().resolve()
    read_provenance(resolved)
    return Choice(kind, resolved)


def project_choice(store: Store) -> Choice:
    """The project's suggester; a model folder that has gone away is a ModelFolderError."""
    value = store.get_setting(SUGGESTER_SETTING) or "rules"
    return parse_for_project(store, value)


def parse_for_project(store: Store, value: str) -> Choice:
    """``parse_choice`` with the project at hand: ``model:project`` reads its stored model."""
    return parse_choice(
        value, store.get_setting(TRAINED_SETTING), lambda: load_model(store, ATTRIBUTION)
    )


TRAINED_PREFIX = "trained:"


def active(choice: Choice, model_name: str) -> bool:
    """Whether proposals stored under ``model_name`` come from this choice's pipelines."""
    trained = model_name.startswith(TRAINED_PREFIX)
    if choice.kind == "rules":
        return not trained
    ours = model_name == choice.model_name()
    return ours if choice.kind == "model" else ours or not trained


def save_choice(store: Store, choice: Choice) -> int:
    """Make ``choice`` the project's suggester and forget the other suggesters' open proposals.

    Cleared on switch, not filtered when read: every reader of the store (the
    workbench, counts, exports, ``annotator suggest``) then sees only the active
    suggester's proposals without knowing the setting; accepted and rejected ones
    stay, so a rejection still holds after switching back. Returns how many went.
    """
    values = {SUGGESTER_SETTING: choice.kind}
    if choice.folder is not None:
        values[TRAINED_SETTING] = str(choice.folder)
    elif choice.stored is not None:
        values[TRAINED_SETTING] = PROJECT
    into_both = choice.kind == "both" and store.get_setting(SUGGESTER_SETTING) != "both"
    # into ``both``: the rules' proposals are recomputed, merged with the model's
    stale = [n for n in store.attribution_runs() if into_both or not active(choice, n)]
    with store.transaction():
        store.set_settings(values)
        return store.drop_proposals(stale)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def merge(
    model: list[AttributionSuggestion], rules: list[AttributionSuggestion]
) -> list[AttributionSuggestion]:
    """The rules' proposals whose cue and claim overlap no part of any of the model's."""
    taken = [part for m in model for part in (m.source, m.cue, m.claim) if part is not None]
    return [
        r for r in rules if not any(_overlaps(r.claim, t) or _overlaps(r.cue, t) for t in taken)
    ]


class Suggester:
    """Proposes attributions for texts with the chosen pipelines; slow to load, so off the GUI."""

    def __init__(self, choice: Choice, parser_setting: str | None = None) -> None:
        self.choice = choice
        self.rules: tuple[Any, ModelInfo] | None = None
        self.model: tuple[Any, ModelInfo] | None = None
        if choice.kind in ("model", "both"):
            if choice.stored is not None:
                self.model = load_stored(choice.stored)
            else:
                assert choice.folder is not None
                self.model = load_trained(choice.folder)
        if choice.kind in ("rules", "both"):
            self.rules = load_parse_pipeline(parser_setting)

    @property
    def info(self) -> ModelInfo:
        """The run that marks a document as done: the model's where there is one."""
        pair = self.model or self.rules
        assert pair is not None
        return pair[1]

    def pending(self, store: Store) -> list[int]:
        """Documents that one of this suggester's pipelines has not proposed for yet."""
        pending: set[int] = set()
        for pair in (self.model, self.rules):
            if pair is not None:
                pending.update(store.pending_suggestions(pair[1].name, pair[1].version))
        return sorted(pending)

    def runs(
        self, texts: list[str]
    ) -> Iterator[list[tuple[ModelInfo, list[AttributionSuggestion]]]]:
        """For each text, the proposals of each pipeline, the model's first."""
        model = list(self.model[0].pipe(texts)) if self.model else [None] * len(texts)
        rules = list(self.rules[0].pipe(texts)) if self.rules else [None] * len(texts)
        for m_doc, r_doc in zip(model, rules, strict=True):
            out = []
            m_props = propose(m_doc) if m_doc is not None and self.model else []
            if self.model:
                out.append((self.model[1], m_props))
            if r_doc is not None and self.rules:
                out.append((self.rules[1], merge(m_props, suggest_attributions(r_doc))))
            yield out


def suggest_corpus_with(
    store: Store,
    suggester: Suggester,
    *,
    batch_size: int = 16,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Propose attributions for every document the suggester has not seen; resumable."""
    ids = suggester.pending(store)
    done = 0
    for start in range(0, len(ids), batch_size):
        chunk = store.texts(ids[start : start + batch_size])
        for (doc_id, _), runs in zip(chunk, suggester.runs([t for _, t in chunk]), strict=True):
            # the primary run last: a document counts as done only once every run is stored
            for run_info, props in reversed(runs):
                rows = [as_row(s) for s in props]
                store.save_attribution_suggestions(doc_id, rows, run_info.name, run_info.version)
            done += 1
        if on_progress is not None:
            on_progress(done, len(ids))
    return done
