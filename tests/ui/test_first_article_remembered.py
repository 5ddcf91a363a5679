"""The first article's "last opened" is written after the first paint, never lost (#18).

Start-up does not write (a write imports sqlite-utils, 110–170 ms before the window
could show); the write waits for the paint, happens at closing if the window never
painted, and a window whose project was closed under it writes nothing.
"""

from __future__ import annotations

import sqlite3

from annotator.io.importer import import_paths
from annotator.ui.first_paint import after_first_paint
from annotator.ui.main_window import LAST_DOC, MainWindow
from tests.conftest import SAMPLES


def _stored(store, key):
    with sqlite3.connect(store.path) as other:  # what is on disk, not what the window holds
        row = other.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def test_the_first_article_is_remembered_after_the_paint_not_before(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = MainWindow(store, preannotate=False)
    qtbot.addWidget(window)
    first = window.current_doc
    assert first is not None
    assert _stored(store, LAST_DOC) is None  # nothing written while the window was built
    window.show()
    qtbot.waitUntil(lambda: _stored(store, LAST_DOC) == str(first), timeout=10_000)
    window.close()


def test_a_window_closed_before_its_first_paint_still_remembers_its_article(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = MainWindow(store, preannotate=False)
    qtbot.addWidget(window)
    first = window.current_doc
    window.close()
    assert _stored(store, LAST_DOC) == str(first)


def test_a_window_whose_project_was_closed_writes_nothing_when_painted(qtbot, tmp_path):
    from annotator.store import Store

    store = Store(tmp_path / "p.db")
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = MainWindow(store, preannotate=False)
    qtbot.addWidget(window)
    store.close()
    after = []
    after_first_paint(window, lambda: after.append(True))  # runs after the window's own
    window.show()  # the paint runs the waiting write: it must see the closed project
    qtbot.waitUntil(lambda: bool(after), timeout=10_000)  # (an exception there fails the test)
    assert store.closed
    assert _stored(store, LAST_DOC) is None


def test_an_article_opened_before_the_paint_callback_replaces_the_first(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = MainWindow(store, preannotate=False)
    qtbot.addWidget(window)
    window.table.selectRow(2)  # before any paint: the waiting write must not undo this
    chosen = window.current_doc
    window.show()
    after = []
    after_first_paint(window, lambda: after.append(True))
    qtbot.waitUntil(lambda: bool(after), timeout=10_000)
    window.close()
    assert _stored(store, LAST_DOC) == str(chosen)
