"""``annotator claims`` and ``annotator export --format fnc`` from the command line."""

from __future__ import annotations

from annotator.cli import main
from annotator.core.model import ParsedDocument, Span
from annotator.store import Store

TEXTS = [
    "Officials said Russia will get a naval base in Libya. Talks go on.",
    "The club won the cup final on Sunday.",
]


def test_create_list_rank_and_export(tmp_path, capsys):
    db = tmp_path / "p.db"
    with Store(db) as store:
        ids = store.add_documents(
            [
                ParsedDocument(text=TEXTS[0], title="Libya", spans=[Span("CLAIM", 15, 52)]),
                ParsedDocument(text=TEXTS[1], title="Cup"),
            ]
        ).ids
        span_id = store.spans(ids[0])[0].id
    assert main(["--db", str(db), "claims", "create", "--from-span", str(span_id)]) == 0
    assert "tracking claim 1: Russia will get a naval base in Libya" in capsys.readouterr().out
    assert main(["--db", str(db), "claims", "list"]) == 0
    assert "1 span(s)  Russia will get a naval base in Libya" in capsys.readouterr().out
    assert main(["--db", str(db), "claims", "rank", "naval base for Russia", "--top", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[0] == str(ids[0]) and out[0].endswith("Libya")
    assert out[1].strip() == "[0:53] Officials said Russia will get a naval base in Libya."
    assert (
        main(
            [
                "--db",
                str(db),
                "export",
                "--format",
                "fnc",
                "--out",
                str(tmp_path / "f"),
                "--status",
                "all",
            ]
        )
        == 0
    )
    # no stance was set: the pair is left out (never invented as "discuss"), and said so
    assert (tmp_path / "f" / "stances.csv").read_text(encoding="utf-8").splitlines() == [
        "Headline,Body ID,Stance"
    ]
    said = capsys.readouterr()
    assert "wrote 0 document(s)" in said.out
    assert "1 claim–article pair(s) with no stance" in said.err


def test_mistakes_are_sentences_and_read_only_actions_create_nothing(tmp_path, capsys):
    db = tmp_path / "p.db"
    assert main(["--db", str(db), "claims", "list"]) == 2
    assert "no project at" in capsys.readouterr().err and not db.exists()
    assert main(["--db", str(db), "claims", "create", "   "]) == 2
    assert "needs a wording" in capsys.readouterr().err
    assert main(["--db", str(db), "claims", "create", "--from-span", "99"]) == 2
    assert "there is no span 99" in capsys.readouterr().err
