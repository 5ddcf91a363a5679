"""First use on a laptop (issue 15): the window fits 1280×800, says what it did, shows what it made.

Real widgets offscreen; a long article with 17 entity types is written by the test.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.io.importer import import_paths
from annotator.ui.export_dialog import ExportDialog
from annotator.ui.help_overlay import HelpOverlay
from tests.conftest import SAMPLES
from tests.ui.windows import open_window

ENTITY_TYPES = (
    "PERSON ORG NORP GPE LOC FAC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT "
    "MONEY QUANTITY ORDINAL"
).split()


def long_article(store, paragraphs: int = 40) -> int:
    """A long article whose entity suggestions have 17 types; returns its id."""
    sentence = (  # after resources/samples/long-feature.txt
        "A senior official at the transport ministry said on Tuesday that the harbour authority "
        "had never offered the northern quay to a foreign navy. "
    )
    text = "A Very Long Article About Many Things\n\n" + "\n\n".join(
        sentence * 3 for _ in range(paragraphs)
    )
    (doc_id,) = store.add_documents([ParsedDocument(text=text, title="Long")]).ids
    found = []
    at = 0
    for i in range(paragraphs * 3):
        at = text.index("senior official", at + 1)
        found.append((ENTITY_TYPES[i % len(ENTITY_TYPES)], at, at + len("senior official")))
    store.save_suggestions([(doc_id, found)], "test_model", "1.0")
    return doc_id


@pytest.fixture
def laptop(qtbot, store):
    long_article(store)
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    yield window
    window.close()


# -- 1. the legend wraps; the window fits 1280×800 ------------------------------------------


def test_a_long_article_with_17_entity_types_fits_1280_by_800(laptop, qtbot):
    assert laptop.article.text().startswith("A Very Long Article")
    assert len(laptop.legend.buttons) == 17
    assert laptop.minimumSizeHint().width() <= 1280
    assert laptop.minimumWidth() <= 1280
    QApplication.processEvents()
    assert laptop.width() == 1280
    stances = laptop.panel.tree.topLevelItem(0)
    assert stances.text(0).startswith("STANCES")
    font = stances.font(0)
    from PySide6.QtGui import QFontMetrics

    needed = QFontMetrics(font).horizontalAdvance(stances.text(0)) + laptop.panel.tree.indentation()
    assert laptop.panel.tree.viewport().width() >= needed
    # every legend button is inside the window (wrapped, not pushed off to the right)
    for button in laptop.legend.buttons.values():
        right = button.mapTo(laptop, button.rect().topRight()).x()
        assert right <= laptop.width()


# -- 3. the status bar confirms every edit ---------------------------------------------------


def select(window, words: str) -> tuple[int, int]:
    text = window.article.text()
    start = text.index(words)
    window.article.select_range(start, start + len(words))
    return start, start + len(words)


def test_the_status_bar_confirms_edits_and_clears_a_stale_hint(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    bar = window.statusBar()
    qtbot.keyClick(window.article, Qt.Key.Key_T)  # nothing selected: a hint
    assert "Select a SOURCE span" in bar.currentMessage()
    select(window, "A senior official at the transport ministry")
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    said = bar.currentMessage()
    assert said.startswith("SOURCE: A senior official") and "Select a" not in said
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    assert "source_type" in bar.currentMessage() and "Select a" not in bar.currentMessage()
    select(window, "The Coastal Gazette")
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    select(window, "officials were close to signing an agreement")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert bar.currentMessage().startswith("CLAIM: officials were close")
    qtbot.keyClick(window.article, Qt.Key.Key_1)  # support from the nearest source
    assert bar.currentMessage().startswith("support ← The Coastal Gazette")
    qtbot.keyClick(window.article, Qt.Key.Key_D)
    assert "done" in bar.currentMessage().lower()
    window.close()


def test_proposals_being_computed_show_in_the_status_bar(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    window.suggester.start()
    window.suggester.request(window.current_doc)
    assert window.busy.isVisible() and "Proposing" in window.busy.text()
    with qtbot.waitSignal(window.suggester.ready, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: not window.busy.isVisible())
    assert "proposal" in window.statusBar().currentMessage()
    window.close()


# -- 4. the new span is selected and shown in the panel ---------------------------------------


def test_after_a_label_key_the_panel_shows_the_new_span_with_its_guessed_type(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    select(window, "A senior official at the transport ministry")
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    assert window.panel.attributes_box.title() == "Selected SOURCE"
    assert window.panel.combos["source_type"].currentData() == "official_unnamed"
    window.close()


def test_after_promoting_an_entity_the_panel_shows_it(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    doc = store.document_ids()[0]
    text = store.document(doc).text
    at = text.index("Elena Varga")
    store.save_suggestions([(doc, [("PERSON", at, at + len("Elena Varga"))])], "m", "1")
    window = open_window(qtbot, store)
    window.article.set_caret(at + 2)
    qtbot.keyClick(window.article, Qt.Key.Key_E)
    assert window.panel.attributes_box.title() == "Selected SOURCE"
    assert window.panel.combos["source_type"].currentData() == "named_person"
    assert "SOURCE: Elena Varga" in window.statusBar().currentMessage()
    window.close()


# -- 9. shifted keys as a keyboard sends them ---------------------------------------------------


def test_question_mark_typed_with_shift_opens_the_help(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    opened = []

    def check():
        overlay = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, HelpOverlay)), None
        )
        if overlay is not None and overlay.isVisible():
            opened.append(overlay)
            overlay.accept()

    from PySide6.QtCore import QTimer

    timer = QTimer(interval=20)
    timer.timeout.connect(check)
    timer.start()
    qtbot.keyClick(window.article, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    timer.stop()
    assert opened
    window.close()


def test_a_closing_brace_typed_with_shift_extends_to_the_sentence_end(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    text = window.article.text()
    start = text.index("The Coastal Gazette had reported")
    window.article.set_caret(start)
    qtbot.keyClick(window.article, Qt.Key.Key_BraceRight, Qt.KeyboardModifier.ShiftModifier)
    selected = window.article.selection(raw=True)
    assert selected is not None and selected[0] == start
    assert text[start : selected[1]].rstrip(".").endswith("dredging work")
    window.close()


def test_every_shifted_single_key_of_the_menus_fires_with_shift(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    shifted_keys = set('~!@#$%^&*()_+{}|:"<>?')
    for action in window.actions():
        sequences = [s.toString() for s in action.shortcuts()]
        if sequences and sequences[0] in shifted_keys:
            assert f"Shift+{sequences[0]}" in sequences, action.text()
    window.close()


# -- 2. Who says what ------------------------------------------------------------------------------


def test_who_says_what_shows_a_readable_claim_sorted_ascending_ignoring_case(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    doc = store.document_ids()[0]
    text = store.document(doc).text
    history = History(store)

    def label(words, name, occurrence=0):
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        span = Span(name, start, start + len(words), annotator="ana")  # the window's analyst
        return history.push(AddSpan(doc, span)).span.id

    gazette = label("The Coastal Gazette", "SOURCE")
    varga = label("harbour master Elena Varga", "SOURCE")
    official = label(
        "A senior official at the transport ministry, who spoke on condition", "SOURCE"
    )
    claims = [
        label("officials were close to signing an agreement that would give warships", "CLAIM"),
        label(
            "a delegation had visited the port in October but that no offer had been made", "CLAIM"
        ),
        label("The northern quay is reserved for ferries and cargo", "CLAIM"),
    ]
    for source, claim in zip((gazette, varga, official), claims, strict=True):
        history.push(AddRelation(doc, Relation("support", source, claim)))
    window = open_window(qtbot, store)
    window.resize(1280, 800)
    window.show_stances()
    table = window.stances_view
    table.resize(1240, 600)
    qtbot.waitUntil(lambda: table.width() == 1240)
    QApplication.processEvents()
    assert table.table.columnWidth(0) >= 450
    shown = [table.proxy.index(r, 0).data() for r in range(table.proxy.rowCount())]
    assert shown == sorted(shown, key=str.lower)
    assert shown[0].startswith("a delegation")  # lower case first letter, sorted among the rest
    window.close()


# -- 7. the document list and the measure of the article ----------------------------------------


def test_at_1280_the_document_list_shows_its_counts_and_the_search_hint(laptop, qtbot):
    QApplication.processEvents()
    table = laptop.table
    assert not table.horizontalScrollBar().isVisible()
    for column in (2, 3):
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert table.columnViewportPosition(column) >= 0 and right <= table.viewport().width()
    search = laptop.search
    needed = search.fontMetrics().horizontalAdvance(search.placeholderText())
    assert search.width() >= needed + 16


def test_at_1920_the_panel_grows_and_lines_keep_a_readable_measure(laptop, qtbot):
    QApplication.processEvents()
    panel_at_1280 = laptop.panel.width()
    laptop.resize(1920, 1080)
    qtbot.waitUntil(lambda: laptop.width() == 1920)
    QApplication.processEvents()
    assert laptop.panel.width() > panel_at_1280
    article = laptop.article
    per_line = article.viewport().width() / article.fontMetrics().averageCharWidth()
    assert per_line <= 110


# -- 8. export ----------------------------------------------------------------------------------


def test_export_of_done_articles_with_none_done_says_why(qtbot, store, tmp_path):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.path.setText(str(tmp_path / "out"))
    dialog.start()
    assert "No article is marked done" in dialog.message.text()
    assert "or choose All" in dialog.message.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_export_button_is_enabled_again_and_the_path_shows_its_file_name(
    qtbot, annotated, tmp_path
):
    dialog = ExportDialog(annotated)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    long_path = tmp_path / ("very-long-folder-name-" * 6) / "my-export-file"
    long_path.parent.mkdir()
    dialog.set_path(str(long_path))
    assert dialog.path.toolTip().endswith("my-export-file")
    assert dialog.path.cursorPosition() == len(dialog.path.text())  # the file name is in view
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert dialog.worker.wait(30_000)  # a deadline: a hung export fails here
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


# -- 5. colours ---------------------------------------------------------------------------------


def _distance(a: QColor, b: QColor) -> float:
    return (
        (a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2 + (a.blue() - b.blue()) ** 2
    ) ** 0.5


def test_span_and_stance_colours_are_apart_from_the_selection_and_each_other(qtbot, store):
    from annotator.ui.colours import STANCE_COLOURS, STANCE_MARKS

    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    selections = [
        window.palette().highlight().color(),
        QColor("#308cc6"),  # Fusion
        QColor("#0078d7"),  # Windows
        QColor("#3daee9"),  # Breeze
    ]
    labels = [QColor(lab.colour) for lab in window.schema.labels]
    stances = [QColor(c) for c in STANCE_COLOURS.values()]
    for colour in labels:  # fills: never mistaken for selected text
        assert min(_distance(colour, s) for s in selections) > 90, colour.name()
    for group in (labels, stances):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                assert _distance(a, b) > 90, (a.name(), b.name())
    assert len(set(STANCE_MARKS.values())) == len(STANCE_MARKS) >= 4
    window.close()


def test_stances_carry_a_mark_in_panel_and_table_and_overlapping_claims_differ(qtbot, store):
    from annotator.ui.colours import STANCE_MARKS

    import_paths(store, [SAMPLES / "wire-dump.txt"])
    doc = store.document_ids()[0]
    text = store.document(doc).text
    history = History(store)

    def label(words, name):
        start = text.index(words)
        span = Span(name, start, start + len(words), annotator="ana")  # the window's analyst
        return history.push(AddSpan(doc, span)).span.id

    gazette = label("The Coastal Gazette", "SOURCE")
    varga = label("harbour master Elena Varga", "SOURCE")
    outer = label("officials were close to signing an agreement that would give warships", "CLAIM")
    inner = label("an agreement that would give warships permanent docking rights", "CLAIM")
    history.push(AddRelation(doc, Relation("support", gazette, outer, annotator="ana")))
    history.push(AddRelation(doc, Relation("deny", varga, outer, annotator="ana")))
    window = open_window(qtbot, store)
    stances = window.panel.tree.topLevelItem(0)
    children = [stances.child(0).child(i).text(0) for i in range(stances.child(0).childCount())]
    assert any(t.startswith(STANCE_MARKS["support"]) for t in children)
    assert any(t.startswith(STANCE_MARKS["deny"]) for t in children)
    window.show_stances()
    marks = {window.stances_view.proxy.index(r, 3).data() for r in range(2)}
    assert marks == {f"{STANCE_MARKS['support']} support", f"{STANCE_MARKS['deny']} deny"}
    formats = window.article.formats_of([outer, inner])
    assert formats[outer] != formats[inner]
    window.close()
