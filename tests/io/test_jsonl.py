import json
from pathlib import Path

from annotator.core.model import ParsedDocument
from annotator.io.jsonl import parse_jsonl
from annotator.io.problems import Problem

TEXT = "Bloomberg had reported that Russia sought a base."


def _task(**kw):
    return json.dumps({"text": TEXT, **kw})


def test_spans_relations_and_meta_are_kept():
    line = _task(
        meta={"title": "Base report", "source": "wire"},
        spans=[{"start": 0, "end": 9, "label": "SOURCE", "token_start": 0, "token_end": 0}],
        relations=[
            {
                "head": 0,
                "child": 4,
                "head_span": {"start": 0, "end": 9, "label": "SOURCE"},
                "child_span": {"start": 28, "end": 49, "label": "CLAIM"},
                "cue_span": {"start": 10, "end": 22, "label": "CUE"},
                "label": "support",
            }
        ],
        answer="reject",
        _input_hash=123,
    )
    (doc,) = list(parse_jsonl(line + "\n", Path("t.jsonl")))
    assert doc.title == "Base report"
    assert doc.meta["source"] == "wire"
    assert doc.meta["_record"] == {"answer": "reject"}  # derived hashes are not kept
    assert [(s.label, s.text_in(TEXT)) for s in doc.spans] == [
        ("SOURCE", "Bloomberg"),
        ("CLAIM", "Russia sought a base."),
        ("CUE", "had reported"),
    ]
    (rel,) = doc.relations
    assert (rel.label, rel.source, rel.claim, rel.cue) == ("support", 0, 1, 2)
    assert doc.validate() is None


def test_malformed_lines_are_reported_by_number_and_the_rest_reads():
    lines = [
        _task(),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"meta": {}}),
        "",
        _task(spans=[{"start": "x", "end": 3, "label": "CLAIM"}]),
        json.dumps({"text": "Another article."}),
    ]
    items = list(parse_jsonl("\n".join(lines), Path("t.jsonl")))
    docs = [i for i in items if isinstance(i, ParsedDocument)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [d.line for d in docs] == [1, 7]
    assert [p.line for p in problems] == [2, 3, 4, 6]
    assert "not valid JSON" in problems[0].reason
    assert problems[2].reason == 'no "text" string'
    assert str(problems[0]).startswith("t.jsonl:2: ")


def test_span_outside_the_text_is_caught_by_validation():
    (doc,) = list(
        parse_jsonl(_task(spans=[{"start": 40, "end": 400, "label": "CLAIM"}]), Path("t"))
    )
    assert "outside the text" in doc.validate()
