import json

from annotator.io.importer import import_paths
from tests.conftest import SAMPLES


def test_samples_import_once(store):
    report = import_paths(store, [SAMPLES / "wire-dump.txt"])
    assert (report.imported, report.duplicates, report.skipped) == (3, 0, 0)
    again = import_paths(store, [SAMPLES / "wire-dump.txt"])
    assert (again.imported, again.duplicates) == (0, 3)
    assert store.count_documents() == 3


def test_folder_mixes_formats_and_ignores_unknown_files(store, tmp_path):
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text("One article.\n\n\n\nNot split in a folder.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "From JSONL."}) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("text\nFrom CSV.\n", encoding="utf-8")
    (tmp_path / "d.html").write_text("<p>From HTML.</p>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    report = import_paths(store, [tmp_path])
    assert report.imported == 4 and report.ok
    assert [p.name for p in report.ignored] == ["notes.md"]
    texts = {store.document(i).text for i in store.document_ids()}
    assert texts == {
        "One article.\n\n\n\nNot split in a folder.",
        "From JSONL.",
        "From CSV.",
        "From HTML.",
    }


def test_bad_lines_are_skipped_and_reported_the_rest_imports(store, tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"text": "Good one."}),
                "{broken",
                json.dumps({"text": "Good two."}),
                json.dumps({"text": "Short", "spans": [{"start": 0, "end": 50, "label": "X"}]}),
            ]
        ),
        encoding="utf-8",
    )
    report = import_paths(store, [path])
    assert report.imported == 2 and report.skipped == 2 and not report.ok
    assert [str(p) for p in report.files[0].problems] == [
        f"{path}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:4: span X [0, 50) lies outside the text (length 5)",
    ]


def test_binary_file_is_refused_and_nothing_is_written(store, tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    report = import_paths(store, [path])
    assert report.files[0].error == "is a binary file, not text"
    assert report.skipped == 1 and store.count_documents() == 0


def test_failure_while_writing_leaves_the_store_as_it_was(store, tmp_path):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    before = store.count_documents()
    # A real failure half-way through the file: SQLite refuses the second row.
    store.db.execute(
        "CREATE TRIGGER poison BEFORE INSERT ON documents WHEN new.text LIKE '%poison%'"
        " BEGIN SELECT RAISE(ABORT, 'simulated disk error'); END"
    )
    path = tmp_path / "rows.jsonl"
    rows = [
        {"text": "First fine row.", "spans": [{"start": 0, "end": 5, "label": "CLAIM"}]},
        {"text": "Second row with poison."},
        {"text": "Third row."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = import_paths(store, [path])
    assert "simulated disk error" in report.files[0].error
    assert report.imported == 0
    assert store.count_documents() == before
    assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_cp1252_file_imports_with_a_note(store, tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("Minister’s “denial”\n\nThe minister denied it.".encode("cp1252"))
    report = import_paths(store, [path])
    assert report.imported == 1 and "Windows-1252" in report.files[0].note
    assert store.document(store.document_ids()[0]).title == "Minister’s “denial”"
