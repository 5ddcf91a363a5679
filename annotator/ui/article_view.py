"""The article text with its highlights, and what the analyst selects in it.

Highlights are ``ExtraSelection``s over a read-only document: drawing them
never changes the text, and redrawing all of them is cheap (a few ms for 500).
How each span is drawn, and which highlights Qt is handed, is ``highlights``;
what the mouse does is ``article_mouse``; the tooltip's text is
``article_tooltips``. Other analysts' spans can be hidden; they are
selectable, never edited.
The view draws; it owns no data. What it draws is a cache fed by the
article model (``core.article``): ``follow`` subscribes to it, and each change
is drawn once. Offsets in and out are code points, as the store keeps them; the document
holds a display text with one stand-in per stored character (``core.display``),
so what is drawn and selected is exactly what is stored.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QHelpEvent, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from annotator.core.article import ArticleChange, ArticleModel
from annotator.core.display import DisplayText
from annotator.core.model import Relation, Span
from annotator.core.proposals import Proposal, proposal_at
from annotator.core.schema import Roles
from annotator.core.stances import linked
from annotator.core.tokens import TokenSource, snap_to_tokens
from annotator.ui.article_mouse import LINK_MODIFIER, RAW_MODIFIER, ArticleMouse
from annotator.ui.article_tooltips import contains, describe_position
from annotator.ui.highlights import (
    CLAIM_ALPHA,
    DEFAULT_ALPHA,
    NESTED_ALPHA,
    WINDOW,
    Highlight,
    Highlights,
    nested_ids,
    view_range,
)
from annotator.ui.lazy_tokens import CLITIC_LANGUAGES, LazyTokens
from annotator.ui.paragraph_direction import has_right_to_left
from annotator.ui.paragraph_direction import install as install_direction
from annotator.ui.plain import tooltip

__all__ = [
    "CLAIM_ALPHA",
    "DEFAULT_ALPHA",
    "LINK_MODIFIER",
    "MEASURE",
    "NESTED_ALPHA",
    "RAW_MODIFIER",
    "WINDOW",
    "ArticleView",
    "Highlight",
]

log = logging.getLogger(__name__)

#: The longest line, in average characters: wider screens get margins, not 170-character lines.
MEASURE = 96


class ArticleView(ArticleMouse, QPlainTextEdit):
    """One article with entity suggestions and the analyst's spans."""

    span_clicked = Signal(object)  # span id, or None when a click hit no span
    selection_changed = Signal(object)  # the selected span id (or None), however it changed
    span_menu_requested = Signal(int, QPoint)  # span id, global position
    link_dragged = Signal(int, int, QPoint)  # from span id, to span id, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        # each paragraph in its own direction, right-to-left ones at the right edge
        self._direction_layout = install_direction(self.document())
        self.document().setDocumentMargin(18)
        self._text = ""
        self._display = DisplayText("")
        self._entities: list[Span] = []
        self._spans: list[Span] = []
        self._others: list[Span] = []  # other analysts' spans: drawn apart, read-only
        self._show_others = True
        self._hidden: set[str] = set()
        self.selected_span: int | None = None
        self._raw_drag = False
        self._link_from: Span | None = None
        self._highlights = Highlights()
        self._relations: list[Relation] = []
        self.candidate: Span | None = None
        self._proposals: list[Proposal] = []
        self.language: str | None = None
        self._tokens: TokenSource | None = None
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._install())

    # -- following the article model ----------------------------------------------

    def follow(self, article: ArticleModel) -> None:
        """Draw this article model, and each change it reports."""
        self._highlights.roles = article.roles
        self._highlights.forget_formats()
        article.subscribe(lambda change: self._on_change(article, change))

    def _on_change(self, article: ArticleModel, change: ArticleChange) -> None:
        if change.reset:
            self.set_language(article.language)
            self.show_text(article.text)
        if change.reset or change.entities:
            self._entities = article.entities()
        self._spans = article.spans()
        self._others = article.others()
        self._relations = article.relations()
        self._proposals = article.proposals()
        if self.selected_span is not None and self._span_by_id(self.selected_span) is None:
            self.selected_span = None
        gone = self.candidate is not None and self.candidate.id is not None
        if change.reset or (gone and article.span(self.candidate.id) is None):
            self.candidate = None  # an entity candidate (no id) stays until the next stance
        self._redraw(entities=change.reset or change.entities)

    # -- content -------------------------------------------------------------

    def show_text(self, text: str) -> None:
        """Show a new article, with no highlights yet."""
        self._text = text
        self._entities, self._spans, self._others, self.selected_span = [], [], [], None
        self._highlights.clear()
        self.setExtraSelections([])
        self._display = DisplayText(text)
        self._direction_layout.active = has_right_to_left(text)
        self.setPlainText(self._display.text)
        if self.document().characterCount() - 1 != self._display.length():
            # Qt dropped or merged a character the stand-ins keep: show fewer as themselves
            log.warning("Qt changed the article text; showing non-printable characters as �")
            self._display = DisplayText(text, strict=True)
            self.setPlainText(self._display.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._install(force=True)

    def set_language(self, code: str | None) -> None:
        """The article's language: selections snap to its tokenizer's words.

        Where words are runs of letters between spaces and punctuation, the core's word
        pattern gives the same bounds at once; languages that attach clitics to words
        (Arabic "و" + verb) use spaCy's rules for that language, built on a background
        thread once the view is painted, not here (building it imports spaCy)."""
        self.language = code
        # warmed in the background once the window is painted (#17): no stall on a selection
        self._tokens = LazyTokens(code, warm_after=self) if code in CLITIC_LANGUAGES else None

    def set_label_colours(self, colours: dict[str, str]) -> None:
        """Colour per span label (from the schema)."""
        self._highlights.colours = dict(colours)
        self._highlights.forget_formats()
        self._redraw()

    def set_roles(self, roles: Roles) -> None:
        """Which labels are source, cue and claim (claims faint and underlined, cues bold)."""
        self._highlights.roles = roles
        self._highlights.forget_formats()
        self._redraw()

    def set_entities(self, spans: list[Span]) -> None:
        """Draw these entity suggestions (replacing the previous ones)."""
        self._entities = list(spans)
        self._redraw(entities=True)

    def set_spans(self, spans: list[Span]) -> None:
        """Draw the analyst's spans (replacing the previous ones)."""
        self._spans = list(spans)
        if self.selected_span is not None and all(s.id != self.selected_span for s in spans):
            self.selected_span = None
        self._redraw()

    def set_relations(self, relations: list[Relation]) -> None:
        """The stances of this article; the selected span's links are drawn."""
        self._relations = list(relations)
        self._redraw()

    def relations(self) -> list[Relation]:
        return list(self._relations)

    def set_suggestions(self, proposals: list[Proposal]) -> None:
        """Proposed attributions, drawn dashed and apart from the analyst's spans."""
        self._proposals = list(proposals)
        self._redraw()

    def suggestions(self) -> list[Proposal]:
        """The proposals drawn."""
        return list(self._proposals)

    def suggestion_at(self, pos: int) -> Proposal | None:
        """The drawn proposal under ``pos``."""
        return proposal_at(self._proposals, pos)

    def set_candidate(self, span: Span | None) -> None:
        """Mark the source candidate the next stance key will link."""
        self.candidate = span
        if span is not None:
            cursor = self.textCursor()
            if not cursor.hasSelection():
                self.set_caret(span.start)
        self._redraw()

    def linked(self) -> list[tuple[int, str]]:
        """(span id, stance) of the spans linked to the selected span."""
        return linked(self._relations, self.selected_span)

    def text(self) -> str:
        """The article text as stored (offsets of spans index into it)."""
        return self._text

    def entities(self) -> list[Span]:
        return list(self._entities)

    def spans(self) -> list[Span]:
        return list(self._spans)

    def set_others_shown(self, shown: bool) -> None:
        """Draw the other analysts' spans, or hide them (a hidden one is not selected)."""
        self._show_others = shown
        if not shown and any(s.id == self.selected_span for s in self._others):
            self.selected_span = None
            self.selection_changed.emit(None)
        self._redraw()

    def others_shown(self) -> bool:
        return self._show_others

    def visible_others(self) -> list[Span]:
        """The other analysts' spans currently drawn."""
        return list(self._others) if self._show_others else []

    def words_of(self, span: Span) -> str:
        """The text a span covers, as stored."""
        return span.text_in(self._text)

    def _span_by_id(self, span_id: int | None) -> Span | None:
        """The analyst's span, or another analyst's drawn one, with this id."""
        if span_id is None:
            return None
        return next((s for s in (*self._spans, *self.visible_others()) if s.id == span_id), None)

    def set_hidden_labels(self, labels: set[str]) -> None:
        """Entity types not to draw."""
        self._hidden = set(labels)
        self._redraw(entities=True)

    def hidden_labels(self) -> frozenset[str]:
        """Entity types not drawn (nor offered under the cursor)."""
        return frozenset(self._hidden)

    def visible_entities(self) -> list[Span]:
        """The entity suggestions currently drawn."""
        return [s for s in self._entities if s.label not in self._hidden]

    # -- positions and selection ------------------------------------------------

    def caret(self) -> int:
        """Where the text cursor is, in code points."""
        return self._display.from_view(self.textCursor().position())

    def set_caret(self, pos: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._display.to_view(max(0, min(pos, len(self._text)))))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def selection(self, raw: bool = False) -> tuple[int, int] | None:
        """The selected text as ``(start, end)``, grown to whole tokens unless ``raw``."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._display.from_view(cursor.selectionStart())
        end = self._display.from_view(cursor.selectionEnd())
        if raw or self._raw_drag:
            return (start, end) if start < end else None
        return snap_to_tokens(self._text, start, end, self._tokens)

    def select_range(self, start: int, end: int) -> None:
        """Select text programmatically (keyboard users, tests)."""
        cursor = self.textCursor()
        lo, hi = view_range(self._display, start, end)
        cursor.setPosition(lo)
        cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
        self._raw_drag = False
        self.setTextCursor(cursor)

    def extend_selection_to(self, end: int) -> None:
        """Keep the selection's start (or the cursor) and move its end to ``end``."""
        cursor = self.textCursor()
        anchor = self._display.from_view(min(cursor.anchor(), cursor.position()))
        self.select_range(anchor, max(anchor, end))

    def spans_at(self, pos: int) -> list[Span]:
        """Analyst spans covering ``pos``, innermost first."""
        return sorted((s for s in self._spans if contains(s, pos)), key=lambda s: s.end - s.start)

    def hits_at(self, pos: int) -> list[Span]:
        """What a click at ``pos`` can select: the analyst's spans, then the others' drawn ones."""
        others = (s for s in self.visible_others() if contains(s, pos))
        return self.spans_at(pos) + sorted(others, key=lambda s: s.end - s.start)

    def entity_at(self, pos: int) -> Span | None:
        """The visible entity suggestion under ``pos`` (or just before it)."""
        for probe in (pos, pos - 1):
            for span in self.visible_entities():
                if contains(span, probe):
                    return span
        return None

    def select_span(self, span_id: int | None, *, move: bool = True) -> None:
        """Mark a span as the one edits apply to, and bring it into view."""
        changed = span_id != self.selected_span
        self.selected_span = span_id
        span = self._span_by_id(span_id)
        if span is not None and move:
            self.set_caret(span.start)
        self._redraw()
        if changed:
            self.selection_changed.emit(span_id)

    # -- drawing -------------------------------------------------------------------

    def formats_of(self, span_ids: list[int]) -> dict[int, QTextCharFormat]:
        """The format each of these spans is drawn with (for tests and the legend)."""
        nested = nested_ids(self._spans)
        by_id = {s.id: s for s in self._spans}
        paint = self._highlights
        formats = {
            i: paint.span_format(by_id[i].label, i == self.selected_span, i in nested)
            for i in span_ids
            if i in by_id
        }
        for span in self.visible_others():
            if span.id in span_ids and span.id is not None:
                formats[span.id] = paint.other_format(span.label, span.id == self.selected_span)
        return formats

    def _redraw(self, entities: bool = False) -> None:
        self._highlights.draw(
            self._display,
            entities=self.visible_entities() if entities else None,
            others=self.visible_others(),
            spans=self._spans,
            selected=self.selected_span,
            linked=self.linked(),
            proposals=self._proposals,
            candidate=self.candidate,
        )
        self._install(force=True)

    def _visible_range(self) -> tuple[int, int]:
        """View positions from the first to the last paragraph on screen."""
        block = self.firstVisibleBlock()
        lo = hi = block.position()
        # not viewport(): PySide's first wrap of the plain QWidget it returns builds every
        # QWidget subclass it knows (20-50 ms before the first paint). The height is the
        # viewport's, or a horizontal scroll bar's taller in a pane narrower than the
        # measure: highlights are then handed over a line further down, no harm
        offset, height = self.contentOffset(), self.maximumViewportSize().height()
        while block.isValid():
            hi = block.position() + block.length()
            if self.blockBoundingGeometry(block).translated(offset).bottom() >= height:
                break
            block = block.next()
        return lo, hi

    def _install(self, force: bool = False) -> None:
        """Hand Qt the highlights near the screen (again once the screen leaves them)."""
        self._highlights.install(self, self._visible_range(), force)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_measure()
        self._install()

    def _keep_measure(self) -> None:
        """Centre a column of at most ``MEASURE`` characters; the scroll bar stays at the edge."""
        margin = self.document().documentMargin()
        column = int(MEASURE * self.fontMetrics().averageCharWidth() + 2 * margin)
        inner = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        side = max(0, (inner - column) // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    def tooltip_at(self, pos: int) -> str:
        """What the highlights under ``pos`` are: spans with attributes, then entities."""
        return describe_position(  # plain text: ``tooltip`` escapes it for Qt
            self._text,
            pos,
            under=self.spans_at(pos),
            spans=self._spans,
            others=self.visible_others(),
            entities=self.visible_entities(),
            proposal=self.suggestion_at(pos),
            relations=self._relations,
        )

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(event.pos())
            text = self.tooltip_at(self._display.from_view(cursor.position()))
            if text:
                QToolTip.showText(event.globalPos(), tooltip(text), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def keyboard_modifiers_raw(self) -> bool:
        """Whether the raw-selection modifier is held now (label keys with Alt)."""
        return bool(QApplication.keyboardModifiers() & RAW_MODIFIER)
