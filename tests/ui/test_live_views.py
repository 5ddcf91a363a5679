"""Each view refreshes only what an edit changed, and stays current while open."""

import csv
import json

from PySide6.QtCore import Qt

from annotator.core.proposals import Proposal
from annotator.core.schema import default_schema_text, schema_from_text
from annotator.io.exporting import ExportOptions, run_export
from annotator.io.importer import import_paths
from annotator.ui.article_view import CLAIM_ALPHA
from annotator.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.ui.windows import open_window

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.article, key, modifier)


def select(window, words: str) -> tuple[int, int]:
    start = window.article.text().index(words)
    window.article.select_range(start, start + len(words))
    return start, start + len(words)


def group_rows(panel, name: str) -> list[int]:
    """Span ids listed under one label's group of the panel."""
    tree = panel.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        if group.text(0).startswith(f"{name}  ("):
            return [
                group.child(k).data(0, Qt.ItemDataRole.UserRole) for k in range(group.childCount())
            ]
    raise AssertionError(f"no group {name}")


def test_a_label_key_updates_one_panel_row_and_one_list_row(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    panel, documents = window.panel, window.documents
    rebuilds = panel.full_rebuilds
    resets, changed = [], []
    documents.modelReset.connect(lambda: resets.append(1))
    documents.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))

    select(window, "The Coastal Gazette")
    press(qtbot, window, Qt.Key.Key_S)
    (source,) = store.spans(window.current_doc)
    assert panel.full_rebuilds == rebuilds  # no rebuild of the whole tree
    assert group_rows(panel, "SOURCE") == [source.id]
    assert panel.tree.selectedItems()[0].data(0, Qt.ItemDataRole.UserRole) == source.id
    row = documents.row_of(window.current_doc)
    assert resets == [] and set(changed) == {(row, row)}
    assert documents.data(documents.index(row, 3)) == 1

    select(window, "officials were close to signing an agreement")
    press(qtbot, window, Qt.Key.Key_C)
    press(qtbot, window, Qt.Key.Key_1)  # support, from the nearest source
    stances = panel.tree.topLevelItem(0)
    assert stances.text(0) == "STANCES  (1)"
    assert stances.child(0).child(0).text(0).startswith("✓ support")
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the stance
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the claim
    assert panel.tree.topLevelItem(0).text(0) == "STANCES  (0)"
    assert group_rows(panel, "CLAIM") == [] and group_rows(panel, "SOURCE") == [source.id]
    assert panel.full_rebuilds == rebuilds and resets == []
    window.close()


def test_who_says_what_updates_while_it_is_open(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    window.show_stances()
    table = window.stances_view
    resets = []
    table.model.modelReset.connect(lambda: resets.append(1))
    assert table.proxy.rowCount() == 0
    window.activateWindow()
    select(window, "The Coastal Gazette")
    press(qtbot, window, Qt.Key.Key_S)
    select(window, "officials were close to signing an agreement")
    press(qtbot, window, Qt.Key.Key_C)
    press(qtbot, window, Qt.Key.Key_2)  # deny
    assert table.proxy.rowCount() == 1 and resets == []  # not reopened, not reset
    row = table.row(0)
    assert (row.source, row.stance, row.claim) == (
        "The Coastal Gazette",
        "deny",
        "officials were close to signing an agreement",
    )
    assert table.count.text() == "1 of 1 stances"
    press(qtbot, window, Qt.Key.Key_1)  # change it to support
    assert table.row(0).stance == "support"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert table.proxy.rowCount() == 0
    table.close()
    window.close()


def renamed_schema():
    text = (
        default_schema_text()
        .replace('"SOURCE"', '"SPEAKER"')
        .replace('"CUE"', '"VERB"')
        .replace('"CLAIM"', '"ASSERTION"')
    )
    return schema_from_text(text, "team.toml")


def test_a_schema_that_renames_every_label_works_throughout(qtbot, store, tmp_path):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    doc = store.document_ids()[0]
    text = store.document(doc).text
    quote = text.index("There is no such agreement")
    told = text.index("told reporters")
    varga = text.index("harbour master Elena Varga told")
    store.save_attribution_suggestions(
        doc,
        [
            Proposal(
                source=(varga, varga + len("harbour master Elena Varga")),
                cue=(told, told + 4),
                claim=(quote, quote + len("There is no such agreement")),
                stance="deny",
                key="varga",
            )
        ],
        "parser",
        "1",
    )
    window = open_window(qtbot, store, schema=renamed_schema())
    assert window.current_doc == doc
    select(window, "The Coastal Gazette")
    press(qtbot, window, Qt.Key.Key_S)
    select(window, "had reported")
    press(qtbot, window, Qt.Key.Key_U)
    claim = select(window, "officials were close to signing an agreement")
    press(qtbot, window, Qt.Key.Key_C)
    press(qtbot, window, Qt.Key.Key_1)
    labels = {s.id: s.label for s in store.spans(doc)}
    (rel,) = store.relations(doc)
    assert (labels[rel.source], labels[rel.cue], labels[rel.claim]) == (
        "SPEAKER",
        "VERB",
        "ASSERTION",
    )
    row = window.documents.row_of(doc)
    assert window.documents.data(window.documents.index(row, 2)) == 1  # Claims
    assert window.documents.data(window.documents.index(row, 3)) == 1  # Sources
    window.article.select_span(None)
    drawn = {
        (sel.cursor.selectionStart(), sel.cursor.selectionEnd()): sel.format.background().color()
        for sel in window.article.extraSelections()
    }
    assert drawn[claim].alpha() == CLAIM_ALPHA  # drawn as a claim: a faint fill

    window.article.set_caret(told + 1)
    press(qtbot, window, Qt.Key.Key_Return)  # accept the proposal
    accepted = next(r for r in store.relations(doc) if r.id != rel.id)
    labels = {s.id: s.label for s in store.spans(doc)}
    assert (labels[accepted.source], labels[accepted.cue], labels[accepted.claim]) == (
        "SPEAKER",
        "VERB",
        "ASSERTION",
    )
    assert window.documents.data(window.documents.index(row, 2)) == 2
    assert window.documents.data(window.documents.index(row, 3)) == 2
    assert window.article.suggestions() == []
    window.close()

    # exports carry the renamed labels: spans by name, and one stance row per link
    options = ExportOptions(status=None)
    run_export(store, "jsonl", tmp_path / "out.jsonl", options)
    task = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {s["label"] for s in task["spans"]} == {"SPEAKER", "VERB", "ASSERTION"}
    assert len(task["relations"]) == 2
    run_export(store, "csv", tmp_path / "out.csv", options)
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert {(r["source"], r["cue"], r["stance"]) for r in rows} == {
        ("The Coastal Gazette", "had reported", "support"),
        ("harbour master Elena Varga", "told", "deny"),
    }


def test_a_missing_parser_is_said_in_the_status_bar(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = MainWindow(store, pipeline="en_core_web_nonexistent", analyst="ana")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(
        lambda: "No attribution proposals" in window.statusBar().currentMessage(), timeout=30_000
    )
    said = window.statusBar().currentMessage()
    assert "en_core_web_nonexistent" in said and "Traceback" not in said
    window.close()
