"""A large file is read a record at a time, staged, and stored as one: the same documents and
problems as the whole-file reader, memory that does not grow with the file, progress per
record."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc

import pytest

from annotator.io import importer
from annotator.io.importer import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES

CSV_CASES = {
    "plain": 'Body ID,articleBody\n1,First body.\n2,"Second, with a comma\nand a newline."\n',
    "title": "headline;text;outlet\nA title;Body one.;x\n;Body two has no title.;y\n",
    "bad rows": (
        'id,text\n1,Good one.\n2,"Bad "quote" here\n3,Good two.\n4,extra,field\n5,\n6,Good three.\n'
    ),
    "unclosed": 'id,text\n1,Fine.\n2,"never closed\n3,Would be swallowed.\n4,Also.\n',
    "picked": "a,b\nx,A long body that should be the text column.\ny,Another long body here.\n",
    "crlf bom": '\ufeffid,text\r\n1,Windows line one.\r\n2,"Two\r\nlines."\r\n',
    "blank lead": "\n\n  \nid,text\n1,After blank lines.\n",
    "dated": 'Published,Source,text\n"March 3, 2024",Gazette,A dated body.\n',
}
JSONL_CASE = "\n".join(
    [
        json.dumps({"text": "Good one.", "meta": {"title": "T1", "outlet": "x"}}),
        "{broken",
        "",
        json.dumps({"text": "Short", "spans": [{"start": 0, "end": 50, "label": "X"}]}),
        json.dumps({"text": "Claim here.", "spans": [{"start": 0, "end": 5, "label": "CLAIM"}]}),
        json.dumps({"text": "Good one.", "meta": {"title": "T1", "outlet": "x"}}),
        json.dumps([1, 2]),
    ]
)
DUMP_CASE = (
    "Headline one\n\nCaption A\nTT\nHeadline one\n\nCaption A\n\nBody one is here.\n\n\n\n"
    "Only a headline\n\n\n"  # a block with no body: its preamble carries over
    "Headline two\n\nBody two.\nMore of two.\n\n\n\n\nHeadline three\n\nBody three.\n"
)


def _both(tmp_path, monkeypatch, name: str, data: bytes, **kwargs):
    """Import ``data`` whole and streamed into two fresh projects; return what each stored."""
    path = tmp_path / name
    path.write_bytes(data)
    out = []
    for stream in (False, True):
        monkeypatch.setattr(importer, "STREAM_FROM_BYTES", 0 if stream else 1 << 40)
        with Store(tmp_path / f"{stream}-{name}.db") as store:
            report = import_paths(store, [path], **kwargs)
            docs = [store.document(i) for i in store.document_ids()]
            out.append(
                (
                    [(d.title, d.text, d.origin, d.meta) for d in docs],
                    [str(p) for f in report.files for p in f.problems],
                    [(f.imported, f.duplicates, f.error, f.note) for f in report.files],
                    [(s.label, s.start, s.end) for d in docs for s in store.spans(d.id)],
                )
            )
    return out


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_a_streamed_csv_stores_what_the_whole_file_reader_stores(tmp_path, monkeypatch, case):
    whole, streamed = _both(tmp_path, monkeypatch, "f.csv", CSV_CASES[case].encode("utf-8"))
    assert whole[0], "the case stores something"
    assert streamed == whole


def test_streamed_jsonl_and_dumps_store_what_the_whole_file_readers_store(tmp_path, monkeypatch):
    whole, streamed = _both(tmp_path, monkeypatch, "t.jsonl", JSONL_CASE.encode("utf-8"))
    assert len(whole[1]) == 3 and whole[2][0][:2] == (2, 1)
    assert streamed == whole
    whole, streamed = _both(tmp_path, monkeypatch, "d.txt", DUMP_CASE.encode("utf-8"))
    assert len(whole[0]) == 3
    assert streamed == whole
    sample = (SAMPLES / "wire-dump.txt").read_bytes()
    whole, streamed = _both(tmp_path, monkeypatch, "wire.txt", sample)
    assert len(whole[0]) == 3 and streamed == whole


def test_files_only_the_whole_reader_can_decode_still_import(tmp_path, monkeypatch):
    latin = "id,text\n" + "".join(f"{i},Plain row {i}.\n" for i in range(50)) + "9,Café\n"
    whole, streamed = _both(tmp_path, monkeypatch, "w.csv", latin.encode("cp1252"))
    assert "Windows-1252" in (whole[2][0][3] or "") and streamed == whole
    utf16 = "id,text\n1,Sixteen bits.\n".encode("utf-16-le")
    whole, streamed = _both(tmp_path, monkeypatch, "u.csv", utf16)
    assert whole[0] and streamed == whole
    given, streamed = _both(
        tmp_path,
        monkeypatch,
        "k.csv",
        'id,text\n1,"Привет, мир."\n'.encode("koi8_r"),
        encoding="koi8_r",
    )
    assert given[0][0][1] == "Привет, мир." and streamed == given


def _big_csv(path, rows: int) -> int:
    body = (SAMPLES / "wire-dump.txt").read_text(encoding="utf-8")[:2000]
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "text"])
        for i in range(rows):
            out.writerow([i, f"Dispatch {i}.\n\n{body}"])
    return path.stat().st_size


def test_memory_stays_bounded_while_a_large_csv_imports_with_progress_per_row(tmp_path):
    path = tmp_path / "big.csv"
    size = _big_csv(path, 12_000)  # about 25 MB
    assert size >= importer.STREAM_FROM_BYTES
    told: list[int] = []
    with Store(tmp_path / "p.db") as store:
        tracemalloc.start()
        try:
            report = import_paths(store, [path], on_bytes=told.append)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert report.imported == 12_000 and report.ok
        assert store.document_ids(query="dispatch") != []
    assert peak < size / 2, f"peak {peak / 2**20:.1f} MB for a {size / 2**20:.1f} MB file"
    assert sum(told) == size and len(told) >= 100  # told as it read, not once at the end
    assert not list(tmp_path.glob(".*.staging"))  # the scratch file is gone


def test_a_streamed_file_that_cannot_be_stored_leaves_the_project_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "STREAM_FROM_BYTES", 0)
    rows = "".join(f"{i},Row {i} of the file.\n" for i in range(5000)) + "9999,poison row\n"
    path = tmp_path / "rows.csv"
    path.write_text("id,text\n" + rows, encoding="utf-8")
    with Store(tmp_path / "p.db") as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        store.db.execute(
            "CREATE TRIGGER poison BEFORE INSERT ON documents WHEN new.text LIKE '%poison%'"
            " BEGIN SELECT RAISE(ABORT, 'simulated disk error'); END"
        )
        report = import_paths(store, [path])
        assert "simulated disk error" in report.files[0].error
        assert report.imported == 0 and store.count_documents() == 3
        assert store.stats()["documents"] == 3
        # the batches stored hidden before the failing one are deleted, not just hidden
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
        assert not store.db.execute("SELECT * FROM pending_imports").fetchall()


def test_duplicates_across_batches_follow_the_one_call_rules(tmp_path, monkeypatch):
    """Equal text with equal metadata is a duplicate, with other metadata a document of its
    own (FNC-1's repeated bodies), however far apart in the file."""
    monkeypatch.setattr(importer, "STREAM_FROM_BYTES", 0)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "outlet", "text"])
    for i in range(5000):
        writer.writerow([i, "x", f"Body {i}."])
    writer.writerow([1, "x", "Body 1."])  # same text and metadata: duplicate
    writer.writerow([2, "y", "Body 2."])  # same text, other metadata: kept
    path = tmp_path / "d.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    with Store(tmp_path / "p.db") as store:
        report = import_paths(store, [path])
        assert (report.imported, report.duplicates) == (5001, 1)
        again = import_paths(store, [path])
        assert (again.imported, again.duplicates) == (0, 5002)


def test_an_encrypted_projects_staging_file_holds_no_text_in_clear(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "STREAM_FROM_BYTES", 0)
    path = tmp_path / "rows.jsonl"  # annotated: the spans wait in the scratch file
    path.write_text(
        "".join(
            json.dumps(
                {
                    "text": f"Zanzibar lighthouse report {i}.",
                    "spans": [{"start": 0, "end": 8, "label": "SOURCE"}],
                }
            )
            + "\n"
            for i in range(3000)
        ),
        encoding="utf-8",
    )
    seen: list[bytes] = []

    def look(_n: int) -> None:  # while the rows after the first batch are read
        for staged in tmp_path.glob(".*.staging"):
            seen.append(staged.read_bytes())

    with Store(tmp_path / "secret.db", passphrase="correct horse") as store:
        report = import_paths(store, [path], on_bytes=look)
        assert report.imported == 3000
        assert store.document_ids(query="zanzibar")[:1] == [1]
        assert store.stats()["spans"] == {"SOURCE": 3000}
    staged = max(seen, key=len)
    assert len(staged) > 40_000  # a batch was written there
    assert b"Zanzibar" not in staged and b"lighthouse" not in staged
