"""Exports hold one document at a time, not the corpus (#18), and write the same bytes."""

from __future__ import annotations

import gc
import io

import pytest

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.io.exporting import ExportDoc, ExportOptions, export_steps
from annotator.store import Store

DOCS = 24


@pytest.fixture
def project(tmp_path):
    with Store(tmp_path / "p.db") as store:
        for n in range(DOCS):
            text = f"Officials said that the bridge number {n} will close."
            store.add_documents([ParsedDocument(text=text, title=f"t{n}", origin=f"{n}.txt")])
            doc = store.document_ids()[-1]
            source = store.add_span(doc, Span("SOURCE", 0, 9, annotator="ana"))
            cue = store.add_span(doc, Span("CUE", 10, 14, annotator="ana"))
            claim = store.add_span(doc, Span("CLAIM", 20, len(text) - 1, annotator="ana"))
            store.add_relation(doc, Relation("support", source, claim, cue, annotator="ana"))
            if n % 3 == 0:
                tracked = store.create_claim(f"bridge {n} closes")
                store.add_claim_member(tracked, claim, stance="agree")
        yield store


def _live_export_docs() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, ExportDoc))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll", "brat", "spacy", "fnc"])
@pytest.mark.parametrize("train", [None, 0.5])
def test_an_export_holds_a_few_documents_at_a_time(project, tmp_path, fmt, train):
    """Counted before each document is read (the cancel check): an export that read the
    whole selection before writing held every document by the end."""
    held: list[int] = []

    def cancelled() -> bool:
        held.append(_live_export_docs())
        return False

    out = tmp_path / f"out-{fmt}"
    options = ExportOptions(status=None, train=train)
    steps = list(export_steps(project, fmt, out, options, cancelled))
    assert steps[-1].written is not None
    assert len(held) >= DOCS
    assert max(held) <= 2, held


def test_a_cancelled_brat_export_adds_nothing_to_the_folder(project, tmp_path):
    out = tmp_path / "brat"
    asked = iter(range(10**6))

    def cancelled() -> bool:
        return next(asked) == DOCS // 2  # half way through

    steps = list(export_steps(project, "brat", out, ExportOptions(status=None), cancelled))
    assert all(step.written is None for step in steps)
    assert list(out.iterdir()) == []  # nor the hidden folder the files waited in


def test_the_streamed_docbin_is_byte_for_byte_spacys():
    """Three languages' worth of documents with entities, span groups and user data."""
    import spacy
    from spacy.tokens import DocBin

    from annotator.io.docbin_stream import DocBinSpool

    nlp = spacy.blank("en")
    whole, spool = DocBin(store_user_data=True), DocBinSpool()
    for n in range(200):
        doc = nlp.make_doc(f"Officials said word{n} that it will close." * (1 + n % 4))
        doc.ents = [doc.char_span(0, 9, label="ORG")]
        doc.spans["SOURCE"] = [doc[0:1]]
        doc.spans["sc"] = [doc[0:1], doc[1:2]]
        doc.user_data["annotator"] = {"n": n, "text": doc.text[:20]}
        whole.add(doc)
        spool.add(doc)
    out = io.BytesIO()
    spool.write_to(out)
    assert out.getvalue() == whole.to_bytes()
    empty = io.BytesIO()
    DocBinSpool().write_to(empty)
    assert empty.getvalue() == DocBin(store_user_data=True).to_bytes()
