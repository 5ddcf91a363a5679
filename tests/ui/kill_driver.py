"""The window side of the kill tests: edit through the real window's keys until killed.

Two uses:

* ``python tests/ui/kill_driver.py DB WORDS``: label WORDS as a CLAIM, print ``EDITED <id>``,
  then keep running until killed (test_kill_durability's single edit).
* ``edit_until_killed(db, seed, log_fd)``: called in a forked child by ``benchmarks/soak.py``;
  presses random keys (label, delete, attribute, stance, undo, redo, next, done) and logs each
  one to ``log_fd`` before the key (``KEY``) and after it returned (``DONE`` with the state of
  the documents it touched, read through the window's own connection, i.e. after the commit).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import traceback
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.store import Store
from annotator.ui.main_window import MainWindow

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

#: (weight, name, key, modifiers, needs a selected span)
ACTIONS: list[tuple[int, str, Qt.Key, Qt.KeyboardModifier, bool]] = [
    (8, "source", K.Key_S, Qt.KeyboardModifier.NoModifier, False),
    (6, "cue", K.Key_U, Qt.KeyboardModifier.NoModifier, False),
    (8, "claim", K.Key_C, Qt.KeyboardModifier.NoModifier, False),
    (3, "delete", K.Key_Delete, Qt.KeyboardModifier.NoModifier, True),
    (3, "source-type", K.Key_T, Qt.KeyboardModifier.NoModifier, True),
    (3, "stance-1", K.Key_1, Qt.KeyboardModifier.NoModifier, True),
    (2, "stance-3", K.Key_3, Qt.KeyboardModifier.NoModifier, True),
    (5, "undo", K.Key_Z, CTRL, False),
    (3, "redo", K.Key_Z, CTRL | SHIFT, False),
    (1, "next", K.Key_N, Qt.KeyboardModifier.NoModifier, False),
    (1, "previous", K.Key_P, Qt.KeyboardModifier.NoModifier, False),
    (1, "done", K.Key_D, Qt.KeyboardModifier.NoModifier, False),
]


def document_state(store: Store, doc_id: int) -> dict[str, Any]:
    """A document's spans, stances and status as plain JSON-able values."""
    spans = sorted(
        [s.id, s.label, s.start, s.end, json.dumps(s.attributes, sort_keys=True)]
        for s in store.spans(doc_id)
    )
    relations = sorted([r.id, r.label, r.source, r.claim, r.cue] for r in store.relations(doc_id))
    return {"spans": spans, "relations": relations, "status": store.status(doc_id)}


def _quiet(_mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if "propagateSizeHints" not in message:  # the offscreen platform's notice, every window
        print(message, file=sys.stderr)


def _open_window(db: str) -> tuple[QApplication, MainWindow]:
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication([])
    window = MainWindow(Store(db), analyst="killed", preannotate=False)
    window.show()
    window.activateWindow()
    deadline = time.monotonic() + 30
    while QApplication.activeWindow() is not window:
        if time.monotonic() > deadline:
            raise RuntimeError("the window never became active")
        app.processEvents()
    return app, window


def edit_until_killed(db: str, seed: int, log_fd: int) -> None:
    """Press random keys in the real window forever, logging each before and after."""

    def log(line: str) -> None:
        os.write(log_fd, (line + "\n").encode())  # unbuffered: a line written is kept

    try:
        app, window = _open_window(db)
        rng = random.Random(seed)
        weights = [a[0] for a in ACTIONS]
        log("READY")
        for n in range(1_000_000):
            _weight, name, key, modifiers, needs_span = rng.choices(ACTIONS, weights)[0]
            article = window.article
            text = article.text()
            if needs_span:
                spans = article.spans()
                if not spans:
                    continue
                article.select_span(rng.choice(spans).id)
            elif name in ("source", "cue", "claim") and len(text) > 2:
                start = rng.randrange(len(text) - 1)
                article.select_range(start, min(len(text), start + rng.randint(1, 60)))
            history = window.history
            following = {"undo": history.next_undo(), "redo": history.next_redo()}.get(name)
            target = following.doc_id if following is not None else window.current_doc
            log(f"KEY {n} {target} {name}")
            QTest.keyClick(article, key, modifiers)
            # the key press has returned: its edit is committed; say what the window now holds
            touched = {d for d in (target, window.current_doc) if d is not None}
            states = {str(d): document_state(window.store, d) for d in sorted(touched)}
            shown = sorted([s.id, s.label, s.start, s.end] for s in window.article.spans())
            stored = [s[:4] for s in states[str(window.current_doc)]["spans"]]
            if shown != stored:
                log(f"MISMATCH {n} the window shows {shown} but its store holds {stored}")
            log(f"DONE {n} {json.dumps(states)}")
            if n % 8 == 0:
                app.processEvents()
    except BaseException:
        log("ERROR " + json.dumps(traceback.format_exc()))
        os._exit(3)


def one_edit(db: str, words: str) -> None:
    """Label WORDS as a CLAIM with the C key, say so, then run until killed."""
    app, window = _open_window(db)
    text = window.article.toPlainText()
    start = text.index(words)
    window.article.select_range(start, start + len(words))
    QTest.keyClick(window.article, Qt.Key.Key_C)
    print(f"EDITED {window.article.selected_span}", flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    one_edit(sys.argv[1], sys.argv[2])
