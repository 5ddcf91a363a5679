"""#17: a model configured for Arabic highlights the Arabic articles in the workbench, and
an article's language is edited there (undoable), with the list and snapping following.

The "model for Arabic" is real: ``spacy.blank("ar")`` with an ``entity_ruler`` for a few
names of the project's Arabic sample, saved to a folder and set with
``annotator config model --language ar PATH``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.cli import main
from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.ui.main_window import MainWindow
from tests.conftest import SAMPLES

ARABIC = (SAMPLES / "arabic-harbour.txt").read_text(encoding="utf-8")
#: "Dr. Sami said the contract was not signed": spaCy's Arabic rules keep "د." whole
DOCTOR = "\n\nوقال د. سامي إن العقد لم يوقّع.\n"
ENGLISH = "Elena Varga said the port of Split is not for sale, the ministry confirmed.\n"
PATTERNS = [
    {"label": "GPE", "pattern": "سبليت"},
    {"label": "ORG", "pattern": "وزارة النقل"},
    {"label": "PERSON", "pattern": "Elena Varga"},
]


def arabic_model(folder):
    import spacy

    nlp = spacy.blank("ar")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    nlp.meta["name"] = "harbour_names"
    nlp.meta["version"] = "0.1.0"
    nlp.to_disk(folder)
    return folder


def project(tmp_path, text=ARABIC):
    db = tmp_path / "p.db"
    with Store(db) as store:
        store.add_documents(
            [
                ParsedDocument(text=text, title=text.splitlines()[0]),
                ParsedDocument(text=ENGLISH, title="Port not for sale"),
            ]
        )
    return db


@pytest.fixture
def window_on(qtbot):
    """Windows on a project file, closed (their jobs stopped) before the file is."""
    opened = []

    def make(db, **kw):
        store = Store(db)
        win = MainWindow(store, analyst="ana", **kw)
        qtbot.addWidget(win)
        opened.append((win, store))
        win.show()
        qtbot.waitExposed(win)
        return win, store

    yield make
    for win, store in opened:
        win.close()
        store.close()


def test_a_model_set_for_arabic_highlights_the_arabic_article(tmp_path, qtbot, window_on):
    db = project(tmp_path)
    folder = arabic_model(tmp_path / "ar_model")
    assert main(["--db", str(db), "config", "model", "--language", "ar", str(folder)]) == 0
    window, store = window_on(db)
    arabic, english = store.document_ids()
    window.open_document(arabic)
    qtbot.waitUntil(lambda: len(window.article.entities()) >= 3, timeout=60_000)
    found = {(s.label, ARABIC[s.start : s.end]) for s in window.article.entities()}
    assert found == {("GPE", "سبليت"), ("ORG", "وزارة النقل"), ("PERSON", "Elena Varga")}
    assert window.legend.status.text() == "Entities:"
    assert "harbour_names" in window.legend.status.toolTip()
    assert "no entity model" not in window.statusBar().currentMessage()
    # stored under the Arabic model's name; the English article keeps the English model
    runs = store.db.execute("SELECT model FROM preannotated WHERE doc_id = ?", [arabic])
    assert {m for (m,) in runs} == {"ar_harbour_names"}
    window.open_document(english)
    qtbot.waitUntil(lambda: window.preannotator.info is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not window.preannotator.needs(english), timeout=60_000)
    labels = {ENGLISH[s.start : s.end] for s in window.article.entities()}
    assert "Elena Varga" in labels and "سبليت" not in labels
    assert window.background.languages.jobs["ar"].language == "ar"


def test_without_a_model_for_arabic_the_legend_says_why(tmp_path, qtbot, window_on):
    db = project(tmp_path)
    window, store = window_on(db)
    arabic, _ = store.document_ids()
    window.open_document(arabic)
    qtbot.waitUntil(lambda: "--language ar" in window.legend.status.toolTip(), timeout=60_000)
    assert window.article.entities() == []
    assert window.background.languages.jobs == {}


def lang_cell(window, doc_id):
    row = window.documents.row_of(doc_id)
    return window.documents.data(window.documents.index(row, window.documents.columnCount() - 1))


def snapped(window, words, inside):
    text = window.article.text()
    start = text.index(words) + inside
    window.article.select_range(start, start + 1)
    lo, hi = window.article.selection()
    return text[lo:hi]


def test_setting_the_language_is_undoable_and_the_list_and_snapping_follow(tmp_path, window_on):
    db = project(tmp_path, ARABIC + DOCTOR)
    window, store = window_on(db, preannotate=False)
    arabic, _ = store.document_ids()
    window.open_document(arabic)
    assert lang_cell(window, arabic) == "ar"
    assert snapped(window, "د.", 0) == "د."  # spaCy's Arabic rules: the title with its dot
    dialog = window.language_editing.ask()
    assert dialog.combo.currentText() == "Arabic (ar)"
    dialog.combo.setCurrentText("English (en)")
    dialog.accept()
    assert store.document(arabic).meta["language"] == "en"
    assert lang_cell(window, arabic) == "en"
    assert window.article.language == "en"
    assert snapped(window, "د.", 0) == "د"  # English: letters only
    assert "English (en)" in window.statusBar().currentMessage()
    window.undo()
    assert "language" not in store.document(arabic).meta  # guessed again, as imported
    assert lang_cell(window, arabic) == "ar"
    assert window.article.language == "ar"
    assert snapped(window, "د.", 0) == "د."
    window.redo()
    assert lang_cell(window, arabic) == "en"


def test_the_dialog_takes_any_two_letter_code_and_refuses_other_text(tmp_path, window_on):
    db = project(tmp_path)
    window, store = window_on(db, preannotate=False)
    arabic, _ = store.document_ids()
    window.open_document(arabic)
    dialog = window.language_editing.ask()
    dialog.combo.setCurrentText("klingon!")
    dialog.accept()
    assert dialog.isVisible() and "not a language code" in dialog.problem.text()
    assert dialog.problem.textFormat() == Qt.TextFormat.PlainText
    assert "language" not in store.document(arabic).meta
    dialog.combo.setCurrentText("TR")
    dialog.accept()
    assert not dialog.isVisible()
    assert store.document(arabic).meta["language"] == "tr"
    assert lang_cell(window, arabic) == "tr"


def test_the_arabic_tokenizer_is_ready_before_the_first_selection(tmp_path, qtbot, window_on):
    """Opening an Arabic article builds its tokenizer in the background (after the first
    paint), so the first selection does not build it on the GUI thread."""
    import threading

    db = project(tmp_path, ARABIC + DOCTOR)
    window, store = window_on(db, preannotate=False)
    arabic, english = store.document_ids()
    window.open_document(english)
    assert window.article._tokens is None  # English: the core's word pattern, nothing to build
    window.open_document(arabic)
    tokens = window.article._tokens
    qtbot.waitUntil(tokens.ready, timeout=30_000)  # no selection made yet
    assert tokens._warming is not None and tokens._warming is not threading.current_thread()
    assert snapped(window, "د.", 0) == "د."


def test_a_selection_before_the_tokenizer_is_warm_still_snaps_with_it(qtbot):
    from annotator.ui.lazy_tokens import LazyTokens

    tokens = LazyTokens("ar")  # never warmed (no widget painted): the selection builds it
    text = ARABIC + DOCTOR
    at = text.index("د.")
    assert not tokens.ready()
    assert (at, at + 2) in tokens(text, at - 5, at + 5)
    assert tokens.ready()


def test_no_english_proposals_on_an_arabic_article_and_the_status_bar_says_why(
    tmp_path, qtbot, window_on
):
    db = project(tmp_path)
    window, store = window_on(db)
    arabic, english = store.document_ids()
    window.open_document(arabic)
    qtbot.waitUntil(
        lambda: (
            "No attribution proposals for Arabic (ar): the English rules do not read it"
            in window.statusBar().currentMessage()
        ),
        timeout=60_000,
    )
    assert "config suggester --language ar" in window.statusBar().currentMessage()
    assert not store.has_attribution_run(arabic)
    assert not window.suggester.pending(arabic)
    window.open_document(english)  # the English rules still read the English article
    qtbot.waitUntil(lambda: store.has_attribution_run(english), timeout=60_000)


def test_the_suggester_set_for_arabic_proposes_in_the_workbench(tmp_path, qtbot, window_on):
    from tests.nlp.test_language_suggesters import arabic_parser

    db = project(tmp_path)
    folder = arabic_parser(tmp_path / "ar_parser")
    assert main(["--db", str(db), "config", "model", "--language", "ar", str(folder)]) == 0
    assert main(["--db", str(db), "config", "suggester", "--language", "ar", "rules"]) == 0
    window, store = window_on(db)
    arabic, _ = store.document_ids()
    window.open_document(arabic)
    qtbot.waitUntil(lambda: store.has_attribution_run(arabic, "ar_parsed", "0.0.0"), timeout=60_000)
    assert not store.has_attribution_run(arabic, *window.suggester.runs[0].label.split(" "))
