"""The current article's spans, grouped by label, and the selected span's attributes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.article import ArticleChange, ArticleModel
from annotator.core.model import Relation, Span
from annotator.core.schema import Schema
from annotator.ui.colours import marked, readable, stance_colour
from annotator.ui.paragraph_direction import by_direction
from annotator.ui.plain import menu_text, tooltip

SNIPPET = 60
UNSET = "—"


def snippet(text: str, limit: int = SNIPPET) -> str:
    """One line of a span's text, shortened in the middle."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = (limit - 1) // 2
    return flat[:half] + "…" + flat[-half:]


def _plain_label(text: str) -> QLabel:
    """A label that shows its text as it is (schema names may look like HTML)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class AnnotationPanel(QWidget):
    """A tree of spans (click to jump) over a form for the selected span's attributes.

    It follows the article model: a new article rebuilds the tree
    (``full_rebuilds`` counts those); an edit moves, adds or removes the rows of
    the spans it changed, and refills the stances group only when a stance or
    one of its spans changed.
    """

    span_activated = Signal(int)
    attribute_changed = Signal(int, str, object)  # span id, attribute, value (None clears)

    def __init__(self, schema: Schema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        by_direction(self.tree)  # Arabic text right-aligned, cut at its own end
        self.tree.setRootIsDecorated(True)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        self.attributes_box = QGroupBox("Selected span")
        self.form = QFormLayout(self.attributes_box)
        self.hint = _plain_label("Click a span, or select text and press a label key.")
        self.hint.setWordWrap(True)
        self.form.addRow(self.hint)
        self.combos: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.attributes_box)
        self._items: dict[int, QTreeWidgetItem] = {}
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._stances: QTreeWidgetItem | None = None
        self._stance_spans: set[int] = set()
        self._selected: Span | None = None
        self._article: ArticleModel | None = None
        self.full_rebuilds = 0

    # -- following the article model ----------------------------------------------------

    def follow(self, article: ArticleModel) -> None:
        """List this article model's spans and stances, and keep the list current."""
        self._article = article
        article.subscribe(self._on_change)

    def _on_change(self, change: ArticleChange) -> None:
        article = self._article
        assert article is not None
        if change.reset:
            self.show_spans(article.text, article.spans(), article.relations())
            return
        for span_id in sorted(change.spans):
            self._update_row(article, span_id)
        if change.relations or change.spans & self._stance_spans:
            self._fill_stances(article.text, article.spans(), article.relations())

    def _update_row(self, article: ArticleModel, span_id: int) -> None:
        """Put one span's row where it belongs now (or take it out)."""
        old = self._items.pop(span_id, None)
        if old is not None and old.parent() is not None:
            group = old.parent()
            group.removeChild(old)
            self._count(group)
        span = article.span(span_id)
        if span is None:
            return
        group = self._group(span.label)
        key = (span.start, -span.end, span.id or 0)
        at = group.childCount()
        for i in range(group.childCount()):
            other = article.span(group.child(i).data(0, Qt.ItemDataRole.UserRole))
            if other is not None and (other.start, -other.end, other.id or 0) > key:
                at = i
                break
        group.insertChild(at, self._span_item(article.text, span))
        self._count(group)

    # -- building --------------------------------------------------------------------

    def show_spans(self, text: str, spans: list[Span], relations: list[Relation] = ()) -> None:
        """List the stances (claim -> source) and then the spans by label, in text order."""
        self.full_rebuilds += 1
        self.tree.clear()
        self._items, self._groups = {}, {}
        self._stances = QTreeWidgetItem()
        self._bold(self._stances)
        self.tree.addTopLevelItem(self._stances)
        self._fill_stances(text, spans, list(relations))
        names = [lab.name for lab in self.schema.labels]
        names += sorted({s.label for s in spans} - set(names))
        for name in names:
            group = self._group(name)
            for span in spans:
                if span.label == name:
                    group.addChild(self._span_item(text, span))
            self._count(group)

    def _group(self, name: str) -> QTreeWidgetItem:
        """The group of one label (made, after the others, when a new label appears)."""
        group = self._groups.get(name)
        if group is None:
            group = QTreeWidgetItem()
            group.setData(0, Qt.ItemDataRole.UserRole + 1, name)
            group.setForeground(0, QBrush(self._readable(QColor(self.schema.colour(name)))))
            self._bold(group)
            self.tree.addTopLevelItem(group)
            group.setExpanded(True)
            self._groups[name] = group
            self._count(group)
        return group

    def _readable(self, colour: QColor) -> QColor:
        """A palette colour legible on the tree's background (light or dark theme)."""
        return readable(colour, self.tree.palette().base().color())

    @staticmethod
    def _bold(group: QTreeWidgetItem) -> None:
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)

    @staticmethod
    def _count(group: QTreeWidgetItem) -> None:
        name = group.data(0, Qt.ItemDataRole.UserRole + 1)
        group.setText(0, f"{name}  ({group.childCount()})")

    def _span_item(self, text: str, span: Span) -> QTreeWidgetItem:
        extra = ", ".join(str(v) for v in span.attributes.values() if not isinstance(v, dict))
        label = snippet(span.text_in(text)) + (f"  [{extra}]" if extra else "")
        item = QTreeWidgetItem([label])
        item.setData(0, Qt.ItemDataRole.UserRole, span.id)
        item.setToolTip(0, tooltip(span.text_in(text)))
        self._items[span.id or 0] = item
        if self._selected is not None and self._selected.id == span.id:
            item.setSelected(True)
        return item

    def _fill_stances(self, text: str, spans: list[Span], relations: list[Relation]) -> None:
        """The stances group: each claim with its sources, contested claims marked."""
        group = self._stances
        assert group is not None
        group.takeChildren()
        group.setText(0, f"STANCES  ({len(relations)})")
        by_id = {s.id: s for s in spans}
        self._stance_spans = {
            i for r in relations for i in (r.source, r.claim, r.cue) if i is not None
        }
        claims = [s for s in spans if any(r.claim == s.id for r in relations)]
        for claim in claims:
            links = [r for r in relations if r.claim == claim.id]
            labels = {r.label for r in links}
            contested = "support" in labels and "deny" in labels
            mark = "⚠ contested: " if contested else ""
            item = QTreeWidgetItem([mark + snippet(claim.text_in(text), 48)])
            item.setData(0, Qt.ItemDataRole.UserRole, claim.id)
            item.setToolTip(0, tooltip(claim.text_in(text)))
            if contested:
                item.setForeground(0, QBrush(self._readable(stance_colour("deny"))))
            group.addChild(item)
            for rel in links:
                source = by_id.get(rel.source)
                cue = by_id.get(rel.cue)
                who = snippet(source.text_in(text), 32) if source else "(no source)"
                via = f"  via “{snippet(cue.text_in(text), 20)}”" if cue else ""
                child = QTreeWidgetItem([f"{marked(rel.label)}  ←  {who}{via}"])
                child.setForeground(0, QBrush(self._readable(stance_colour(rel.label))))
                child.setData(0, Qt.ItemDataRole.UserRole, rel.source or claim.id)
                item.addChild(child)
            item.setExpanded(True)
        group.setExpanded(True)

    def select(self, span: Span | None) -> None:
        """Show the selected span in the tree and its attributes in the form."""
        self._selected = span
        self.tree.clearSelection()
        if span is not None and span.id in self._items:
            item = self._items[span.id]
            item.setSelected(True)
            self.tree.scrollToItem(item)
        self._build_form(span)

    def _build_form(self, span: Span | None) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        if span is None:
            self.hint = _plain_label("Click a span, or select text and press a label key.")
            self.hint.setWordWrap(True)
            self.form.addRow(self.hint)
            self.attributes_box.setTitle("Selected span")
            return
        self.attributes_box.setTitle(f"Selected {menu_text(span.label)}")
        attributes = self.schema.attributes_of(span.label)
        if not attributes:
            self.form.addRow(_plain_label("This label has no attributes."))
        for attribute in attributes:
            combo = QComboBox()
            combo.addItem(UNSET, None)
            for i, value in enumerate(attribute.values):
                key = attribute.value_keys[i] if attribute.value_keys else ""
                combo.addItem(f"{value}  ({key})" if key else value, value)
            current = span.attributes.get(attribute.name)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.setToolTip(
                tooltip(
                    f"{attribute.description}\nKey {attribute.key} cycles the values."
                    if attribute.key
                    else attribute.description
                )
            )
            combo.currentIndexChanged.connect(
                lambda _i, name=attribute.name, box=combo: self._changed(name, box)
            )
            title = f"{attribute.name} ({attribute.key})" if attribute.key else attribute.name
            self.form.addRow(_plain_label(title), combo)
            self.combos[attribute.name] = combo

    def _changed(self, name: str, combo: QComboBox) -> None:
        if self._selected is not None and self._selected.id is not None:
            self.attribute_changed.emit(self._selected.id, name, combo.currentData())

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        span_id = item.data(0, Qt.ItemDataRole.UserRole)
        if span_id is not None:
            self.span_activated.emit(int(span_id))
