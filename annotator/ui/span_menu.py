"""The right-click menu on a span: the mouse way to the same commands as the keys."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import Span
from annotator.ui.annotation_panel import snippet
from annotator.ui.editing import Editor
from annotator.ui.plain import menu_text

MAX_CANDIDATES = 6


def span_menu(editor: Editor, span: Span, parent: QWidget | None = None) -> QMenu:
    """Delete, attributes and (on a claim) a stance from each nearby possible source."""
    menu = QMenu(parent)
    text = editor.view.text()
    stance = editor.stance_type()
    if stance is not None and span.label == stance.target:
        candidates = editor.candidates()[:MAX_CANDIDATES]
        for index, candidate in enumerate(candidates):
            kind = candidate.span.label if candidate.is_entity else stance.source
            words = snippet(text[candidate.span.start : candidate.span.end], 32)
            sub = menu.addMenu(menu_text(f"Stance of “{words}” ({kind})"))
            for label in stance.labels:
                action = sub.addAction(menu_text(label))
                action.triggered.connect(
                    lambda _c=False, i=index, lab=label: editor.stance_for(i, lab)
                )
        if candidates:
            menu.addSeparator()
    for attribute in editor.schema.attributes_of(span.label):
        sub = menu.addMenu(menu_text(attribute.name))
        current = span.attributes.get(attribute.name)
        for value in (None, *attribute.values):
            action = sub.addAction(menu_text(value or "— (unset)"))
            action.setCheckable(True)
            action.setChecked(value == current)
            action.triggered.connect(
                lambda _c=False, name=attribute.name, v=value: editor.set_attribute(
                    span.id or 0, name, v
                )
            )
    menu.addSeparator()
    delete = menu.addAction(menu_text(f"Delete this {span.label}"))
    delete.triggered.connect(editor.delete_selected)
    return menu


def link_menu(
    editor: Editor, source_id: int, claim_id: int, parent: QWidget | None = None
) -> QMenu:
    """The stances to choose from after a drag from one span to another."""
    menu = QMenu(parent)
    stance = editor.stance_type()
    for label in stance.labels if stance else ():
        action = menu.addAction(menu_text(label))
        action.triggered.connect(lambda _c=False, lab=label: editor.link(source_id, claim_id, lab))
    return menu
