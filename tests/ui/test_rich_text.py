"""No text from a document, an import, a schema or an analyst is ever shown as rich text.

Qt renders a tooltip, a label or a message box as HTML when the text merely
looks like HTML: an article titled ``<img src="/some/file.png">`` made Qt open
that file. Every place such text reaches the screen is fed ``<img>`` and
``<b>`` here, and what Qt would show is compared with the text itself.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMenu, QToolTip

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.core.schema import default_schema_text, schema_from_text
from annotator.store import Store
from annotator.ui.help_overlay import HelpOverlay
from annotator.ui.span_menu import span_menu
from tests.ui.windows import open_window

#: What every hostile string carries: bold markup, an ampersand (a menu mnemonic) and an image.
BOLD = "<b>x</b> & y"


def hostile(word: str, image: str) -> str:
    return f'{word} {BOLD} <img width=2000 height=2000 src="{image}">'


def shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt draws for ``text``: the HTML's characters when Qt takes it for rich text."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.mightBeRichText(text)
    )
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def without_mnemonic(text: str) -> str:
    """What a menu entry or button shows: ``&&`` is one ampersand, a lone ``&`` marks a key."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def assert_literal(where: str, text: str) -> None:
    """Data shown verbatim: the markup visible as characters, no image object drawn."""
    assert "\ufffc" not in text, f"{where}: an image was drawn from {text!r}"
    if "x</b>" in text or "x&lt;/b&gt;" in text or "<b>x" in text:
        assert BOLD in text, f"{where}: shown as {text!r}, not as the text itself"


def model_tooltips(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()) -> list[str]:  # noqa: B008
    tips = []
    for row in range(model.rowCount(parent)):
        for col in range(model.columnCount(parent)):
            index = model.index(row, col, parent)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if tip:
                tips.append(str(tip))
            if col == 0:
                tips += model_tooltips(model, index)
    return tips


def article_tooltip(view, offset: int) -> str:
    """The tooltip the article view shows when the mouse rests over ``offset``."""
    cursor = view.textCursor()
    cursor.setPosition(offset)
    pos = view.cursorRect(cursor).center() + QPoint(2, 0)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


def menu_texts(menu: QMenu) -> list[str]:
    texts = [without_mnemonic(menu.title())]
    for action in menu.actions():
        texts.append(without_mnemonic(action.text()))
        if action.menu() is not None:
            texts += menu_texts(action.menu())
    return texts


def hostile_schema(tmp_path):
    text = (
        default_schema_text()
        .replace('"SOURCE"', '"SRC <b>x</b> & y"')
        .replace('"CLAIM"', '"CLAIM <img src=\\"c.png\\">"')
        .replace('"anonymous"', '"anon <b>x</b> & y"')
        .replace('"anonymity_reason_given"', '"reason <b>x</b> & y"')
        .replace('"support"', '"sup <b>x</b> & y"')
        .replace("Newsroom sourcing practice", "<b>x</b> & y <img src='d.png'>")
    )
    return schema_from_text(text, str(tmp_path / "hostile.toml"))


def test_no_stored_or_schema_text_is_shown_as_rich_text(qtbot, tmp_path):
    image = tmp_path / "local-file.png"
    store = Store(tmp_path / "p<b>q.db")
    schema = hostile_schema(tmp_path)
    source_label, claim_label = schema.labels[0].name, schema.labels[2].name
    body = f"{hostile('Ana', image)} said that {hostile('the port', image)} will close."
    source_end = body.index(" said")
    claim_start = body.index("the port")
    analyst = hostile("analyst", image)
    store.add_documents(
        [
            ParsedDocument(
                text=body,
                title=hostile("Title", image),
                spans=[
                    Span(
                        source_label,
                        0,
                        source_end,
                        {"source_type": hostile("type", image)},
                        annotator=hostile("analyst", image),
                    ),
                    Span("CUE", source_end + 1, source_end + 5, annotator=analyst),
                    Span(claim_label, claim_start, len(body) - 1, annotator=analyst),
                    # a colleague's layer: drawn read-only, named in the tooltip
                    Span(hostile("LABEL", image), 0, 3, annotator=hostile("colleague", image)),
                ],
                relations=[Relation(hostile("stance", image), 0, 2, 1, annotator=analyst)],
            )
        ]
    )
    doc_id = store.document_ids()[0]
    store.save_suggestions([(doc_id, [(hostile("ENT", image), 0, 3)])], "m", "1")
    window = open_window(qtbot, store, analyst=hostile("analyst", image), schema=schema)
    window._show_entities()
    source = next(s for s in store.spans(doc_id) if s.label == source_label)
    window.jump_to_span(source.id)
    window.show_stances()
    help_overlay = HelpOverlay(window.menuBar(), window)
    qtbot.addWidget(help_overlay)
    about = window.about_box()
    qtbot.addWidget(about)

    seen: list[tuple[str, str]] = []
    for widget in (window, window.stances_view, help_overlay, about):
        for label in widget.findChildren(QLabel):
            seen.append((f"label {label.objectName()}", shown(label.text(), label.textFormat())))
            seen.append(("label tooltip", shown(label.toolTip())))
        for box in widget.findChildren(QGroupBox):
            seen.append(("group box", without_mnemonic(box.title())))
        for button in widget.findChildren(QAbstractButton):
            seen.append(("button", without_mnemonic(button.text())))
            seen.append(("button tooltip", shown(button.toolTip())))
        for child in widget.findChildren(QAction):
            seen.append(("action tooltip", shown(child.toolTip())))
            seen.append(("action status tip", child.statusTip()))
    for menu_action in window.menuBar().actions():
        seen += [("menu", t) for t in menu_texts(menu_action.menu())]
    seen += [("span menu", t) for t in menu_texts(span_menu(window.editor, source, window))]
    claim = next(s for s in store.spans(doc_id) if s.label == claim_label)
    window.jump_to_span(claim.id)
    seen += [("span menu", t) for t in menu_texts(span_menu(window.editor, claim, window))]
    models = {
        "document list": window.documents,
        "who says what": window.stances_view.model,
        "annotation panel": window.panel.tree.model(),
    }
    for name, model in models.items():
        seen += [(f"{name} tooltip", shown(tip)) for tip in model_tooltips(model)]
    for combo_owner in (window.panel, window.stances_view):
        for child in combo_owner.findChildren(QLabel):
            seen.append(("form label", shown(child.text(), child.textFormat())))
    seen.append(("article tooltip", shown(article_tooltip(window.article, 2))))
    for where, text in seen:
        assert_literal(where, text)

    texts = [text for _, text in seen]
    # the test reaches each place where such text is shown
    title = hostile("Title", image)
    documents = window.documents
    assert shown(documents.data(documents.index(0, 0), Qt.ItemDataRole.ToolTipRole)) == title
    stance_tips = model_tooltips(window.stances_view.model)
    assert title in [shown(t) for t in stance_tips]
    assert hostile("type", image) in [shown(t) for t in stance_tips]
    panel_tips = [shown(t) for t in model_tooltips(window.panel.tree.model())]
    assert body[0:source_end] in panel_tips
    assert any(hostile("analyst", image) in t for t in texts)  # the status bar
    assert any(f"Label selection as {source_label}" in t for t in texts)  # menus
    help_text = shown(help_overlay.label.text(), help_overlay.label.textFormat())
    assert f"Label selection as {source_label}" in help_text
    assert any("p<b>q.db" in t for t in texts)  # the about box names the project file
    assert any(f"Show or hide {hostile('ENT', image)}" in t for t in texts)  # the legend
    assert any(t.startswith("Stance of “Ana <b>x</b> & …") for t in texts)  # the span menu
    assert "anon <b>x</b> & y" in texts  # attribute values in the span menu
    assert "reason <b>x</b> & y (Y)" in texts  # an attribute's name in the panel's form
    assert f"source_type={hostile('type', image)}" in shown(article_tooltip(window.article, 2))
    colleague = f"({hostile('colleague', image)}'s, read-only)"
    assert colleague in shown(article_tooltip(window.article, 2))
    window.close()
    store.close()
