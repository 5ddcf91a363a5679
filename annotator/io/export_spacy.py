"""spaCy DocBin (``.spacy``) for ``spacy train``.

``doc.ents`` holds the entities (when exported), ``doc.spans["SOURCE"]``,
``["CUE"]`` and ``["CLAIM"]`` the analyst's spans (overlaps allowed), with all
of them also under ``"sc"``, the key spaCy's ``spancat`` reads by default, and
``doc.user_data["annotator"]`` the exact character offsets, attributes and
relations, so nothing is lost where a span does not fall on token edges.

Tokens come from ``spacy.blank(LANG)`` for each document's language: Arabic split by
the English rules has the wrong tokens for ``spacy train``. A DocBin holds one
vocabulary, so a project that mixes languages gets one file per language
(``train.spacy`` → ``train.en.spacy`` and ``train.ar.spacy``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.core.language import of_document
from annotator.io.docbin_stream import DocBinSpool
from annotator.io.export_sink import Sink, write_through
from annotator.io.exporting import ExportDoc, Written
from annotator.io.safe_paths import TargetExists, atomic_file, make_folder
from annotator.io.tokenize import tokenizer

#: Documents whose language is not known are tokenized as English, as before.
DEFAULT_LANGUAGE = "en"


def to_doc(item: ExportDoc, nlp: Any) -> Any:
    """One spaCy Doc with entities, span groups and the exact annotations in user_data."""
    from spacy.tokens import Span as SpacySpan
    from spacy.util import filter_spans

    doc = nlp.make_doc(item.doc.text)
    ents = []
    for ent in item.entities:
        span = doc.char_span(ent.start, ent.end, label=ent.label, alignment_mode="expand")
        if span is not None:
            ents.append(span)
    doc.ents = filter_spans(ents)
    groups: dict[str, list[SpacySpan]] = {}
    for span in item.spans:
        found = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
        if found is not None:
            groups.setdefault(span.label, []).append(found)
    for label, spans in groups.items():
        doc.spans[label] = spans
    doc.spans["sc"] = [span for spans in groups.values() for span in spans]
    doc.user_data["annotator"] = {
        "title": item.doc.title,
        "meta": item.doc.meta,
        "status": item.doc.status,
        "spans": [
            {
                "id": s.id,
                "label": s.label,
                "start": s.start,
                "end": s.end,
                "fragments": [list(f) for f in s.fragments] if s.fragments else None,
                "attributes": s.attributes,
                "annotator": s.annotator,
            }
            for s in item.spans
        ],
        "relations": [
            {
                "label": r.label,
                "source": r.source,
                "claim": r.claim,
                "cue": r.cue,
                "attributes": r.attributes,
                "annotator": r.annotator,
            }
            for r in item.relations
        ],
    }
    return doc


def build_docbin(docs: list[ExportDoc], nlp: Any | None = None) -> Any:
    """A DocBin of all documents, user data included."""
    from spacy.tokens import DocBin

    nlp = nlp or tokenizer()
    docbin = DocBin(store_user_data=True)
    for item in docs:
        docbin.add(to_doc(item, nlp))
    return docbin


@lru_cache(maxsize=8)
def language_tokenizer(code: str) -> Any:
    """``spacy.blank(code)`` (rules only, no model), or the English one when spaCy has no
    rules for the language."""
    if code == DEFAULT_LANGUAGE:
        return tokenizer()
    import spacy

    try:
        return spacy.blank(code)
    except (ImportError, KeyError, ValueError):  # spaCy's error for an unknown code
        return tokenizer()


def by_language(docs: list[ExportDoc]) -> dict[str, list[ExportDoc]]:
    """The documents grouped by language (given in their metadata, else guessed), in order."""
    groups: dict[str, list[ExportDoc]] = {}
    for item in docs:
        code = of_document(item.doc.meta, item.doc.text) or DEFAULT_LANGUAGE
        groups.setdefault(code, []).append(item)
    return groups


def language_targets(docs: list[ExportDoc], out: Path) -> list[tuple[Path, str, list[ExportDoc]]]:
    """Where each language's DocBin goes, with its language and documents: ``out`` itself
    when there is one language."""
    groups = by_language(docs)
    if len(groups) <= 1:
        code = next(iter(groups), DEFAULT_LANGUAGE)
        return [(out, code, docs)]
    return [
        (out.with_name(f"{out.stem}.{code}{out.suffix}"), code, part)
        for code, part in groups.items()
    ]


class DocBinSink(Sink):
    """``.spacy`` training data, one file per language, in bounded memory: each language's
    documents wait in a ``DocBinSpool`` (on disk, beside ``out``) and every file is written
    only once all documents are in, so a failure or cancel leaves no file. Without
    ``force``, a language's file that already exists is refused before any is written."""

    def open(self) -> None:
        self.spools: dict[str, DocBinSpool] = {}
        self.stack.callback(self._close_spools)

    def _close_spools(self) -> None:
        for spool in self.spools.values():
            spool.close()

    def add(self, item: ExportDoc) -> None:
        code = of_document(item.doc.meta, item.doc.text) or DEFAULT_LANGUAGE
        spool = self.spools.get(code)
        if spool is None:
            spool = self.spools[code] = DocBinSpool(make_folder(self.out.parent, self.out))
        spool.add(to_doc(item, language_tokenizer(code)))
        self.count += 1

    def targets(self) -> list[tuple[Path, DocBinSpool]]:
        if len(self.spools) <= 1:
            return [(self.out, next(iter(self.spools.values()), None) or self._empty())]
        return [
            (self.out.with_name(f"{self.out.stem}.{code}{self.out.suffix}"), spool)
            for code, spool in self.spools.items()
        ]

    def _empty(self) -> DocBinSpool:
        spool = self.spools[DEFAULT_LANGUAGE] = DocBinSpool()
        return spool

    def close(self) -> Written:
        targets = self.targets()
        if not self.force:
            for target, _ in targets:
                if target != self.out and (target.exists() or target.is_symlink()):
                    raise TargetExists(target, folder=False)
        for target, spool in targets:
            with atomic_file(target) as fh:
                spool.write_to(fh)
        return Written([t for t, _ in targets], {t: spool.count for t, spool in targets})


def write_docbin(docs: Iterable[ExportDoc], out: Path, force: bool = True) -> Written:
    """Write ``.spacy`` training data, one file per language; the files, each with how many
    documents it holds."""
    result = write_through(DocBinSink(out, force=force), docs)
    assert isinstance(result, Written)
    return result
