from pathlib import Path

from annotator.core.model import ParsedDocument
from annotator.io.brat import ann_files_for, parse_ann, parse_brat
from annotator.io.problems import Problem

TEXT = "Tax cuts, he said, will pay for themselves. The Post has learned nothing.\n"
ANN = "\n".join(
    [
        "T1\tSource 10 12\the",
        "T2\tCue 13 17\tsaid",
        "T3\tContent 0 8;19 43\tTax cuts will pay for themselves.",
        "T4\tAttribution 13 17\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tSource 44 52\tThe Post",
        "T6\tDiscuss 53 64\thas learned",
        "A1\tSourceType T5 named_outlet",
        "#1\tAnnotatorNotes T1\tpronoun for the senator",
        "R1\tdeny Arg1:T5 Arg2:T3",
    ]
)


def test_events_become_spans_and_a_stance_with_discontinuous_content():
    result = parse_ann(ANN, Path("a.ann"), TEXT, "ef2d")
    assert result.problems == []
    labels = [(s.label, s.text_in(TEXT)) for s in result.spans]
    assert labels == [
        ("SOURCE", "he"),
        ("CUE", "said"),
        ("CLAIM", "Tax cuts will pay for themselves."),
        ("SOURCE", "The Post"),
        ("Discuss", "has learned"),
    ]
    claim = result.spans[2]
    assert claim.fragments == [(0, 8), (19, 43)] and (claim.start, claim.end) == (0, 43)
    event, rel = result.relations
    assert (event.source, event.claim, event.cue) == (0, 2, 1)
    assert event.attributes == {"brat_event": "E1", "brat_type": "Attribution"}
    assert event.annotator == "ef2d" and result.spans[0].annotator == "ef2d"
    assert (rel.label, rel.source, rel.claim) == ("deny", 3, 2)
    assert result.spans[3].attributes["SourceType"] == "named_outlet"
    assert result.spans[0].attributes["note"] == "pronoun for the senator"


def test_bad_lines_are_reported_and_skipped():
    bad = "\n".join(
        [
            "T1\tSource 10 12\the",
            "T2\tSource 10 12\tshe",  # text does not match the offsets
            "T3\tCue 13 999\tsaid",  # outside the text
            "T4\tSource ten 12\the",  # not numbers
            "E1\tAttribution:T1 Content:T9",  # unknown target, and no content
            "X1\twhat",
        ]
    )
    result = parse_ann(bad, Path("b.ann"), TEXT)
    assert [s.label for s in result.spans] == []  # T1 is E1's trigger, the rest are bad
    assert [p.line for p in result.problems] == [2, 3, 4, 6, 5, 5]
    assert "does not match" in result.problems[0].reason


def test_files_are_paired_by_name_and_annotator(tmp_path):
    text_dir, ann_dir = tmp_path / "text", tmp_path / "attributions"
    text_dir.mkdir()
    ann_dir.mkdir()
    (text_dir / "story.txt").write_text(TEXT, encoding="utf-8")
    (ann_dir / "story_ef2d.ann").write_text(ANN, encoding="utf-8")
    (ann_dir / "story_4e07.ann").write_text("T1\tSource 44 52\tThe Post\n", encoding="utf-8")
    (ann_dir / "story-two_4e07.ann").write_text("", encoding="utf-8")
    pairs = ann_files_for(text_dir / "story.txt", [ann_dir])
    assert [(p.name, a) for p, a in pairs] == [
        ("story_4e07.ann", "4e07"),
        ("story_ef2d.ann", "ef2d"),
    ]
    items = list(parse_brat(text_dir / "story.txt", [ann_dir]))
    (doc,) = [i for i in items if isinstance(i, ParsedDocument)]
    assert not [i for i in items if isinstance(i, Problem)]
    assert doc.text == TEXT
    assert len(doc.spans) == 6 and doc.validate() is None
    assert doc.spans[0].annotator == "4e07"
    assert {r.claim for r in doc.relations} == {3}  # indices shifted past the first file's spans
