import pytest
from PySide6.QtCore import QThread, QTimer

from annotator.core.model import ParsedDocument
from annotator.io.importer import import_paths
from annotator.ui.main_window import MainWindow
from tests.conftest import SAMPLES


def _corpus(store, copies: int) -> None:
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    paragraphs = [p for p in (SAMPLES / "wire-dump.txt").read_text().split("\n\n") if len(p) > 80]
    store.add_documents(
        [
            ParsedDocument(text=f"{i}. {p}", title=f"Copy {i}")
            for i in range(copies)
            for p in paragraphs
        ]
    )


@pytest.fixture
def window_factory(qtbot, store):
    windows = []

    def make(**kw):
        win = MainWindow(store, **kw)
        qtbot.addWidget(win)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()


def test_open_article_is_highlighted_first_while_the_window_stays_responsive(
    window_factory, qtbot, store
):
    """Structural, not timed (timings live in benchmarks/): the window is up before spaCy
    starts, the model loads while the event loop keeps running, the open article comes first."""
    _corpus(store, copies=12)
    last = store.document_ids()[-1]
    store.set_setting("ui.last_document", str(last))

    ticks: list[int] = []  # counted, never timed: turns of the event loop, not seconds
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(len(ticks)))
    timer.start()
    window = window_factory()
    window.show()
    assert window.current_doc == last
    # shown before the background job even started, so before the model loaded
    assert window.preannotator.worker is None and window.preannotator.info is None
    loaded: list[tuple[int, bool]] = []  # (ticks so far, job still on its own thread)
    window.preannotator.model_ready.connect(
        lambda _info: loaded.append((len(ticks), window.preannotator.running()))
    )
    started: list[int] = []  # ticks when the loop first ran: the job starts then, too
    QTimer.singleShot(0, lambda: started.append(len(ticks)))
    qtbot.waitUntil(lambda: bool(loaded), timeout=60_000)
    ((ticks_at_load, on_worker),) = loaded
    (job_started_at,) = started
    # the model is loaded on the job's own thread, never the GUI thread; how many timer
    # turns that takes depends on the machine (spaCy may already be imported), so none
    # are counted here: benchmarks/ui_bench.py measures the times
    assert window.preannotator.worker is not QThread.currentThread() and on_worker
    assert ticks_at_load >= job_started_at

    qtbot.waitUntil(lambda: len(window.article.entities()) > 0, timeout=30_000)
    served_at = len(ticks)
    info = window.preannotator.info
    total = len(store.document_ids())
    assert len(store.pending_preannotation(info.name, info.version)) > total / 2, (
        "the open article was served before most of the corpus"
    )
    # the loop keeps running while spaCy works through the rest of the corpus on the worker
    qtbot.waitUntil(lambda: len(ticks) >= served_at + 3, timeout=10_000)
    timer.stop()
    text = store.document(last).text
    shown = {(s.label, text[s.start : s.end]) for s in window.article.entities()}
    assert shown, "highlights on the open article"


def test_corpus_finishes_and_types_can_be_hidden(window_factory, qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = window_factory()
    window.show()
    with qtbot.waitSignal(window.preannotator.finished, timeout=60_000) as finished:
        pass
    assert finished.args == ["done"]
    info = window.preannotator.info
    assert store.pending_preannotation(info.name, info.version) == []
    labels = {s.label for s in window.article.entities()}
    assert {"PERSON", "ORG"} <= labels
    window.legend.buttons["PERSON"].click()
    assert "PERSON" not in {s.label for s in window.article.visible_entities()}
    assert "ORG" in {s.label for s in window.article.visible_entities()}
    window.legend.buttons["PERSON"].click()
    assert "PERSON" in {s.label for s in window.article.visible_entities()}
    assert "every document" in window.progress_label.text()
    assert window.windowTitle().endswith(f"· {info.label}")  # version and model in the title


def test_without_a_model_the_app_opens_and_says_how_to_get_one(window_factory, qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = window_factory(pipeline="en_core_web_nonexistent")
    window.show()
    qtbot.waitUntil(lambda: "No entity highlights" in window.legend.status.text(), timeout=20_000)
    assert "pip install" in window.legend.status.toolTip()
    assert window.article.toPlainText().startswith("Harbour Authority")
    assert window.article.entities() == []
