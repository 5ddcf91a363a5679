"""Attribution proposals per language: ``annotator config suggester --language ar ...``.

The project's suggester (``config suggester rules|model:DIR|both``) reads English
articles (and those whose language is unknown); its rules are English rules, which
propose nonsense on Arabic text. Any other language is proposed for only by the
suggester set for it, whose rules read with that language's own parser (the model
set with ``config model --language``); without one, its articles are skipped and
the reason names the command. Loading is lazy: a language's pipelines load the
first time one of its articles asks (off the GUI thread, like every spaCy load).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.core import language
from annotator.nlp.model import ModelInfo, ModelUnavailable, model_setting
from annotator.nlp.model_suggester import ModelFolderError
from annotator.nlp.suggest import as_row
from annotator.nlp.suggesters import SUGGESTER_SETTING, TRAINED_SETTING, Suggester, parse_choice
from annotator.store import Store

GetSetting = Callable[[str], str | None]


def is_default(code: str | None) -> bool:
    """Whether the project's own suggester reads articles in this language (English, unknown)."""
    return code in (None, "", "en")


def suggester_setting(code: str) -> str:
    return SUGGESTER_SETTING if is_default(code) else f"{SUGGESTER_SETTING}.{code}"


def trained_setting(code: str) -> str:
    return TRAINED_SETTING if is_default(code) else f"{TRAINED_SETTING}.{code}"


class NoSuggesterForLanguage(ModelUnavailable):
    """No suggester set for a language: its articles get no proposals."""

    def __init__(self, code: str) -> None:
        self.language = code
        super().__init__(
            f"the English rules do not read it (annotator config suggester --language {code})"
        )


def load_for_language(get_setting: GetSetting, code: str) -> Suggester:
    """The suggester set for a non-English language, loaded; slow, so off the GUI thread.

    ``NoSuggesterForLanguage`` when none is set; ``ModelUnavailable`` or ``ModelFolderError``
    (a sentence each) when its pipelines cannot load.
    """
    value = get_setting(suggester_setting(code))
    if not value:
        raise NoSuggesterForLanguage(code)
    choice = parse_choice(value, get_setting(trained_setting(code)))
    parser = get_setting(model_setting(code))
    if choice.kind in ("rules", "both") and not parser:
        raise ModelUnavailable(
            f"rules for {language.name(code)} read with its own parser: set a pipeline with"
            f" one with annotator config model --language {code} PATH"
        )
    return Suggester(choice, parser)


@dataclass
class LanguageSuggesters:
    """The non-English languages' suggesters, each loaded once when first asked for."""

    get_setting: GetSetting
    loaded: dict[str, Suggester] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def get(self, code: str) -> Suggester | str:
        """The language's suggester, or the sentence that says why there is none."""
        if code in self.problems:
            return self.problems[code]
        if code not in self.loaded:
            try:
                self.loaded[code] = load_for_language(self.get_setting, code)
            except (ModelUnavailable, ModelFolderError) as exc:
                self.problems[code] = f"no attribution proposals for {language.name(code)}: {exc}"
                return self.problems[code]
        return self.loaded[code]


def runs_of(suggester: Suggester) -> tuple[ModelInfo, ...]:
    """The suggester's pipelines, the model's first (as stored with their proposals)."""
    return tuple(p[1] for p in (suggester.model, suggester.rules) if p is not None)


def languages_of(store: Store, ids: list[int], texts: dict[int, str]) -> dict[int, str | None]:
    """Each document's language: stored, else guessed from its text."""
    stored = store.stored_languages(ids)
    return {i: language.of_document({"language": stored.get(i)}, texts.get(i, "")) for i in ids}


def save_language_choice(store: Store, code: str, value: str) -> str:
    """Set the suggester for a language (``rules``, ``model:DIR``, ``both``); returns it in
    words. A ModelFolderError says what is wrong with the value."""
    choice = parse_choice(value, store.get_setting(trained_setting(code)))
    values = {suggester_setting(code): choice.kind}
    if choice.folder is not None:
        values[trained_setting(code)] = str(choice.folder)
    store.set_settings(values)
    return choice.text()


@dataclass
class CorpusRun:
    """What ``suggest_by_language`` did: documents proposed for, and those skipped."""

    done: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: dict[str, str] = field(default_factory=dict)

    def note(self) -> str | None:
        """Which languages were skipped and why; None when none was."""
        if not self.skipped:
            return None
        parts = [
            f"{n} — {self.problems[code]}"
            for code, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return f"skipped {sum(self.skipped.values())} document(s): " + "; ".join(parts)


def suggest_by_language(
    store: Store,
    suggester: Suggester,
    *,
    batch_size: int = 16,
    on_progress: Callable[[int, int], None] | None = None,
) -> CorpusRun:
    """``annotator suggest``: the project's suggester on English (and unknown) documents,
    each other language's on its own, skipping a language that has none; resumable."""
    ids = suggester.pending(store)
    others = LanguageSuggesters(store.get_setting)
    run = CorpusRun()
    for start in range(0, len(ids), batch_size):
        chunk = store.texts(ids[start : start + batch_size])
        codes = languages_of(store, [i for i, _ in chunk], dict(chunk))
        groups: dict[str | None, list[tuple[int, str]]] = {}
        for doc_id, text in chunk:
            code = None if is_default(codes[doc_id]) else codes[doc_id]
            groups.setdefault(code, []).append((doc_id, text))
        for code, items in groups.items():
            chosen = suggester if code is None else others.get(code)
            if isinstance(chosen, str):
                run.skipped[code or ""] += len(items)
                run.problems[code or ""] = chosen
                continue
            runs = runs_of(chosen)
            todo = [
                (i, t)
                for i, t in items
                if not all(store.has_attribution_run(i, r.name, r.version) for r in runs)
            ]
            for (doc_id, _), found in zip(todo, chosen.runs([t for _, t in todo]), strict=True):
                for info, props in reversed(found):  # the primary run last
                    rows = [as_row(s) for s in props]
                    store.save_attribution_suggestions(doc_id, rows, info.name, info.version)
            run.done += len(items)
        if on_progress is not None:
            on_progress(run.done + sum(run.skipped.values()), len(ids))
    return run
