"""The workbench's own keys, the schema's keys, and the schema the window opens with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from annotator.core.keys import RESERVED_KEYS
from annotator.core.schema import (
    LAST_GOOD_SETTING,
    SCHEMA_SETTING,
    default_schema_text,
    schema_from_text,
)
from annotator.io.importer import import_paths
from tests.conftest import SAMPLES
from tests.ui.windows import open_window


def schema_keys(schema) -> set[str]:
    keys = {lab.key for lab in schema.labels} | {schema.promote_key}
    for attribute in schema.attributes:
        keys |= {attribute.key, *attribute.value_keys}
    for relation in schema.relations:
        keys |= set(relation.keys)
    return keys - {""}


def test_the_reserved_keys_are_the_single_keys_of_the_real_menus(qtbot, store):
    window = open_window(qtbot, store)
    single = {
        a.shortcut().toString()
        for a in [*window.actions(), *window.article.actions()]
        if len(a.shortcut().toString()) == 1
    }
    assert single - schema_keys(window.schema) == RESERVED_KEYS
    window.close()


def test_alt_with_a_label_key_is_not_taken_by_a_menu_title(qtbot, store):
    """Alt+S labels exact characters: the Stance menu's mnemonic made the key ambiguous."""
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    mnemonics = {QKeySequence.mnemonic(a.text()).toString() for a in window.menuBar().actions()}
    assert {f"Alt+{lab.key}" for lab in window.schema.labels}.isdisjoint(mnemonics)
    assert len(mnemonics) == len(window.menuBar().actions())  # each menu has its own
    text = window.article.toPlainText()
    start = text.index("oastal Gazette had")
    window.article.select_range(start, start + len("oastal Gazet"))
    qtbot.keyClick(window.article, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    (span,) = store.spans(window.current_doc)
    assert (span.label, text[span.start : span.end]) == ("SOURCE", "oastal Gazet")
    window.close()


def test_the_window_keeps_the_last_good_schema_when_the_file_turns_utf16(qtbot, store, tmp_path):
    path = tmp_path / "team.toml"
    good = default_schema_text().replace('"CUE"', '"VERB"')
    schema_from_text(good, str(path))
    path.write_bytes(good.encode("utf-16"))
    store.set_settings({SCHEMA_SETTING: str(path), LAST_GOOD_SETTING: good})
    window = open_window(qtbot, store)
    assert window.schema.label("VERB") is not None
    said = window.statusBar().currentMessage()
    assert "keeping the last good one" in said and f"{path}: is UTF-16 text" in said
    window.close()
