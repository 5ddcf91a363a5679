"""``annotator export --annotator gold`` writes the adjudicated layer and nothing else."""

from __future__ import annotations

import json

from annotator.cli import main
from annotator.core.adjudication_commands import read_adjudication, take, take_unanimous
from annotator.core.commands import SetStatus
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store

TEXTS = [
    "The mayor, Jose Nunez, denied that the ferry strike had ended.",
    "Bloomberg reported that Russia sought a naval base in Libya.",
]


def label(store: Store, doc: int, who: str, words: str, name: str) -> int:
    start = store.document(doc).text.index(words)
    return store.add_span(doc, Span(name, start, start + len(words), annotator=who))


def test_only_adjudicated_articles_and_only_the_gold_layer_are_written(tmp_path):
    db, out = tmp_path / "team.db", tmp_path / "gold.jsonl"
    with Store(db) as store:
        first, second = store.add_documents([ParsedDocument(t, title=t[:9]) for t in TEXTS]).ids
        for doc, (source, cue, claim) in (
            (first, ("The mayor", "denied", "the ferry strike had ended")),
            (second, ("Bloomberg", "reported", "Russia sought a naval base")),
        ):
            for who in ("ana", "ben"):
                s, c = label(store, doc, who, source, "SOURCE"), label(store, doc, who, cue, "CUE")
                k = label(store, doc, who, claim if who == "ana" else claim[4:], "CLAIM")
                stance = "deny" if who == "ana" else "support"
                store.add_relation(doc, Relation(stance, s, k, c, annotator=who))
                store.set_status(doc, "done", who)
        history = History(store)
        history.push(take_unanimous(first, "gold"))
        claim = next(u for u in read_adjudication(store, first).disagreements if u.kind == "span")
        history.push(take(first, claim.key, "ana", "gold"))
        stance = next(u for u in read_adjudication(store, first).units if u.kind == "stance")
        history.push(take(first, stance.key, "ben", "gold"))
        history.push(SetStatus(first, "done", "gold"))
        gold_spans = len(store.spans(first, "gold"))
        assert read_adjudication(store, first).summary() == "2 of 2 disagreements settled"
    args = ["--db", str(db), "export", "--format", "jsonl", "--annotator", "gold", "--out"]
    assert main([*args, str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["text"] == TEXTS[0]  # the second article: analysts done, gold not begun
    assert record["statuses"] == {"gold": "done"}
    assert {s["annotator"] for s in record["spans"]} == {"gold"}
    assert len(record["spans"]) == gold_spans == 3
    (rel,) = record["relations"]
    assert rel["annotator"] == "gold" and rel["label"] == "support"  # ben's stance
    claim = rel["child_span"]
    assert TEXTS[0][claim["start"] : claim["end"]] == "the ferry strike had ended"  # ana's claim


def test_config_gold_names_the_adjudicated_layer(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "config", "gold"]) == 0
    assert capsys.readouterr().out == "gold = gold (the default)\n"
    assert main(["--db", db, "config", "gold", "adjudicated"]) == 0
    assert main(["--db", db, "config", "gold"]) == 0
    assert capsys.readouterr().out.splitlines() == ["gold = adjudicated", "gold = adjudicated"]
    assert main(["--db", db, "config", "gold", "   "]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("annotator: config gold '   ': give an analyst's name")
    with Store(tmp_path / "p.db") as store:
        assert store.get_setting("teams.gold_analyst") == "adjudicated"
