"""Fuzzing every importer: random bytes, wrong-but-plausible records, mutated real files.

Whatever the input, ``import_paths`` returns a report: no exception escapes, every
problem names the file it came from, a refused file leaves the project file exactly
as it was, and SQLite's integrity check passes. Runs are repeatable (derandomized,
a fixed number of examples); the corpus part skips where ../shared/corpora is absent,
and mutations of the project's own sample dump always run.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.io.importer import import_paths
from annotator.store import Store
from tests.conftest import CORPORA, SAMPLES

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=250,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# suffix (or "brat") -> how import_paths is asked to read it
KINDS = {"dump": ".txt", "txt": ".txt", "jsonl": ".jsonl", "csv": ".csv", "html": ".html"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One project file for a whole test: refused files must leave it as it was."""
    with Store(tmp_path_factory.mktemp("fuzz") / "project.db") as s:
        yield s


def _snapshot(store: Store) -> str:
    """A digest of every row of every table, in a fixed order."""
    digest = hashlib.sha256()
    tables = [
        r[0]
        for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    for table in tables:
        digest.update(table.encode())
        rows = sorted(repr(r) for r in store.db.execute(f"SELECT * FROM [{table}]").fetchall())
        for row in rows:
            digest.update(row.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _check(store: Store, files: dict[str, bytes], fmt: str | None, target: str) -> None:
    """Import ``target`` from a folder holding ``files``; assert the promises above."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        before = _snapshot(store)
        report = import_paths(store, [folder / target], fmt=fmt)  # must not raise
        written = {folder / name for name in files}
        for result in report.files:
            for problem in result.problems:
                assert problem.path in written, problem
                assert str(problem).startswith(str(problem.path))
            if result.error is not None:
                assert result.imported == 0
                assert _snapshot(store) == before, result.error
    (ok,) = store.db.execute("PRAGMA integrity_check").fetchone()
    assert ok == "ok"


# -- random bytes ------------------------------------------------------------------------------


@FUZZ
@given(kind=st.sampled_from(sorted(KINDS)), data=st.binary(max_size=3000))
def test_random_bytes(store, kind, data):
    fmt = kind if kind == "txt" else None
    _check(store, {f"f{KINDS[kind]}": data}, fmt, f"f{KINDS[kind]}")


@FUZZ
@given(text=st.binary(max_size=400), ann=st.binary(max_size=1500))
def test_random_brat_pair(store, text, ann):
    _check(store, {"a.txt": text, "a.ann": ann}, None, "a.txt")


# -- structured but wrong ----------------------------------------------------------------------

_scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text()
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner),
    max_leaves=12,
)
_offset = st.integers(-3, 60) | st.floats() | st.booleans() | st.text(max_size=3) | st.none()
_span = st.fixed_dictionaries(
    {"start": _offset, "end": _offset, "label": st.sampled_from(["SOURCE", "CUE", "CLAIM", ""])},
    optional={
        "fragments": st.lists(st.lists(_offset, max_size=3), max_size=3) | _json,
        "annotator": _json,
        "attributes": _json,
        "suggested": st.booleans(),
    },
)
_SENTENCE = "Bloomberg had reported that Russia sought a base on the coast."
# mostly right, one part wrong: a record with a bad "text" or "status" is refused first
_record = st.fixed_dictionaries(
    {"text": st.just(_SENTENCE) | st.text(max_size=60)},
    optional={
        "meta": st.dictionaries(st.text(max_size=8), _json, max_size=3) | _json,
        "spans": st.lists(_span | _json, max_size=4) | _json,
        "relations": st.lists(
            st.fixed_dictionaries(
                {"child_span": _span | _json},
                optional={
                    "head_span": _span | _json,
                    "cue_span": _span | _json,
                    "label": _json,
                    "annotator": _json,
                },
            )
            | _json,
            max_size=3,
        )
        | _json,
        "status": st.sampled_from(["new", "done", "skipped", "in progress"]) | _json,
    },
)


@FUZZ
@given(records=st.lists(st.one_of(_record, _record, _json), min_size=1, max_size=6))
def test_wrong_jsonl_records(store, records):
    body = "\n".join(json.dumps(r, allow_nan=True) for r in records)
    _check(store, {"tasks.jsonl": body.encode("utf-8", "surrogatepass")}, None, "tasks.jsonl")


_cell = st.text(alphabet=st.sampled_from("ab ,;\t\"\n\r'x"), max_size=12)


@FUZZ
@given(rows=st.lists(st.lists(_cell, min_size=1, max_size=4), min_size=1, max_size=8))
def test_wrong_csv_rows(store, rows):
    body = "\n".join(",".join(row) for row in rows)
    _check(store, {"rows.csv": body.encode()}, None, "rows.csv")


_ann_line = st.one_of(
    st.builds(
        "{}\t{} {} {}\t{}".format,
        st.sampled_from(["T1", "T2", "T3", "T1", "T", "X1"]),
        st.sampled_from(["Source", "Cue", "Content", "Attribution", ""]),
        st.integers(-2, 60),
        st.integers(-2, 60),
        st.text(max_size=8),
    ),
    st.builds(
        "{}\t{}".format,
        st.sampled_from(["E1", "E2", "R1", "A1", "#1", "E1"]),
        st.lists(
            st.sampled_from(
                [
                    "Attribution:T1",
                    "Content:T2",
                    "Source:T3",
                    "Cue:T1",
                    "Arg1:T1",
                    "Arg2:T2",
                    "support",
                    "x",
                    ":",
                    "Content:",
                    "note",
                    "T1",
                ]
            ),
            max_size=5,
        ).map(" ".join),
    ),
    st.text(max_size=20),
)


@FUZZ
@given(lines=st.lists(_ann_line, max_size=10))
def test_wrong_brat_lines(store, lines):
    text = _SENTENCE
    ann = "\n".join(lines).encode("utf-8", "surrogatepass")
    _check(store, {"a.txt": text.encode(), "a.ann": ann}, None, "a.txt")


# -- mutations of real files -------------------------------------------------------------------

_INSERTS = [
    b'"',
    b"[",
    b"{",
    b"]",
    b"}",
    b"\t",
    b"<",
    b">",
    b"<![x[",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\\ud800",
    b"\xff",
    b"\n\n\n",
    b",",
    codecs.BOM_UTF8,
    b"\xe2\x80\xa8",
]


@st.composite
def _mutated(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "dup", "insert", "crlf", "bom", "drop"]))
        at = draw(st.integers(0, max(0, len(data))))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        elif op == "truncate":
            data = data[:at]
        elif op == "dup":
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif op == "insert":
            data = data[:at] + draw(st.sampled_from(_INSERTS)) + data[at:]
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif op == "bom":
            data = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE])) + data
        else:
            lines = data.split(b"\n")
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = b"\n".join(lines)
    return data


def _fnc1_rows(n: int) -> bytes:
    with (CORPORA / "fnc1-train" / "train_bodies.csv").open(encoding="utf-8", newline="") as fh:
        rows = [row for _, row in zip(range(n + 1), csv.reader(fh), strict=False)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _polnear_pair(i: int) -> dict[str, bytes]:
    dev = CORPORA / "polnear-dev"
    txt = sorted((dev / "text").glob("*.txt"))[i]
    ann = next((dev / "attributions").glob(f"{txt.stem}_*.ann"))  # NAME_ANNOTATOR.ann
    return {"a.txt": txt.read_bytes()[:3000], "a.ann": ann.read_bytes()}


def _corpus_seeds() -> dict[str, tuple[dict[str, bytes], str]]:
    if not CORPORA.exists():
        return {}
    seed = sorted((CORPORA / "seed").glob("*.txt"))[0].read_bytes()
    wikinews = sorted((CORPORA / "wikinews").glob("*.txt"))[0].read_bytes()
    return {
        "seed dump": ({"s.txt": seed}, "s.txt"),
        "wikinews": ({"w.txt": wikinews}, "w.txt"),
        "fnc1 rows": ({"f.csv": _fnc1_rows(4)}, "f.csv"),
        "polnear 0": (_polnear_pair(0), "a.txt"),
        "polnear 5": (_polnear_pair(5), "a.txt"),
    }


@FUZZ
@given(data=st.data())
def test_mutated_sample_dump(store, data):
    sample = (SAMPLES / "wire-dump.txt").read_bytes()
    as_kind = data.draw(st.sampled_from(["s.txt", "s.jsonl", "s.csv", "s.html"]))
    _check(store, {as_kind: data.draw(_mutated(sample))}, None, as_kind)


@pytest.mark.parametrize("name", ["seed dump", "wikinews", "fnc1 rows", "polnear 0", "polnear 5"])
def test_mutated_corpus_files(tmp_path, name):
    if not CORPORA.exists():
        pytest.skip(f"shared corpora not found at {CORPORA} (absent on a bare clone)")
    files, target = _corpus_seeds()[name]

    @settings(FUZZ, max_examples=120)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        mutated = {k: data.draw(_mutated(v), label=k) for k, v in files.items()}
        _check(project, mutated, None, target)

    with Store(tmp_path / "project.db") as project:
        run()


def test_a_mutated_export_round_trip_is_also_safe(tmp_path):
    """Our own JSONL export, mutated, is read with the same care as anyone's."""
    from annotator.io.exporting import export

    with Store(tmp_path / "a.db") as source:
        import_paths(source, [SAMPLES / "wire-dump.txt"])
        export(source, "jsonl", tmp_path / "out.jsonl", status=None)
    exported = (tmp_path / "out.jsonl").read_bytes()

    @settings(FUZZ, max_examples=120)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _check(project, {"e.jsonl": data.draw(_mutated(exported))}, None, "e.jsonl")

    with Store(tmp_path / "project.db") as project:
        run()
