"""FNC-1 export after an FNC-1 import: the corpus's own Body IDs, no invented stances,
and a summary that counts the bodies really written (an analyst's trial, #iofix)."""

from __future__ import annotations

import csv

from annotator.cli import main
from annotator.core.claims import AddClaimMember, CreateClaim, SetMemberStance
from annotator.core.commands import AddSpan
from annotator.core.history import History
from annotator.core.model import Span
from annotator.io.exporting import ExportOptions, run_export
from annotator.io.importer import import_paths
from annotator.store import Store

BODY = "Officials said Russia will get a naval base in Libya, a spokesman confirmed."
OTHER = "A spokesman denied that Russia would get a naval base in Libya at all."
CLAIM = "Russia will get a naval base in Libya"


def _bodies(tmp_path):
    path = tmp_path / "train_bodies.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerow(["13", BODY])
        writer.writerow(["2044", OTHER])
        writer.writerow(["7", "Nothing about the claim in this body of text at all."])
    return path


def _claim_span(store, history, doc_id, words):
    text = store.document(doc_id).text
    start = text.index(words)
    return history.push(AddSpan(doc_id, Span("CLAIM", start, start + len(words)))).span.id


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _project(store, tmp_path):
    import_paths(store, [_bodies(tmp_path)])
    by_id = {store.document(i).meta["Body ID"]: i for i in store.document_ids()}
    history = History(store)
    first = _claim_span(store, history, by_id["13"], CLAIM)
    second = _claim_span(store, history, by_id["2044"], "Russia would get a naval base in Libya")
    claim = history.push(CreateClaim(CLAIM, first)).claim_id
    history.push(AddClaimMember(claim, second))
    return history, claim, first, second, by_id


def test_stances_use_the_corpus_body_ids_and_leave_out_members_with_no_stance(store, tmp_path):
    history, claim, _first, second, _ids = _project(store, tmp_path)
    out = tmp_path / "ffnc"
    result = run_export(store, "fnc", out, ExportOptions(status=None))
    # no stance was set on either member: nothing is invented, both pairs are left out
    assert _rows(out / "stances.csv") == [["Headline", "Body ID", "Stance"]]
    assert _rows(out / "bodies.csv") == [["Body ID", "articleBody"]]
    assert result.written == {str(out): 0}
    assert any("2 claim–article pair(s) with no stance" in n for n in result.notes)
    history.push(SetMemberStance(claim, second, "disagree"))
    result = run_export(store, "fnc", out, ExportOptions(status=None, force=True))
    assert _rows(out / "stances.csv")[1:] == [[CLAIM, "2044", "disagree"]]
    assert _rows(out / "bodies.csv") == [["Body ID", "articleBody"], ["2044", OTHER]]
    assert result.written == {str(out): 1}


def test_documents_without_a_body_id_use_their_document_id_and_the_export_says_so(tmp_path):
    from annotator.core.model import ParsedDocument

    with Store(tmp_path / "p.db") as store:
        ids = store.add_documents(
            [ParsedDocument(text=BODY), ParsedDocument(text=OTHER, meta={"Body ID": "99"})]
        ).ids
        history = History(store)
        spans = [_claim_span(store, history, ids[0], CLAIM)]
        spans.append(_claim_span(store, history, ids[1], "Russia would get a naval base in Libya"))
        claim = history.push(CreateClaim(CLAIM, spans[0])).claim_id
        history.push(AddClaimMember(claim, spans[1]))
        history.push(SetMemberStance(claim, spans[0], "agree"))
        history.push(SetMemberStance(claim, spans[1], "discuss"))
        result = run_export(store, "fnc", tmp_path / "out", ExportOptions(status=None))
    assert [r[1:] for r in _rows(tmp_path / "out" / "stances.csv")[1:]] == [
        [str(ids[0]), "agree"],
        ["99", "discuss"],
    ]
    said = [n for n in result.notes if "Body ID" in n]
    assert len(said) == 1 and "1 article(s)" in said[0] and "document id" in said[0]


def test_cli_summary_counts_the_bodies_written_not_the_documents_read(tmp_path, capsys):
    db = tmp_path / "p.db"
    with Store(db) as store:
        history, claim, first, _second, _ids = _project(store, tmp_path)
        history.push(SetMemberStance(claim, first, "agree"))
    out = tmp_path / "ex" / "ffnc"
    code = main(["--db", str(db), "export", "--format", "fnc", "--status", "all",
                 "--out", str(out)])  # fmt: skip
    said = capsys.readouterr()
    assert code == 0
    assert f"wrote 1 document(s) to {out}" in said.out
    assert "1 claim–article pair(s) with no stance" in said.err
    assert _rows(out / "stances.csv")[1] == [CLAIM, "13", "agree"]
