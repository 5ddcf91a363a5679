"""The article text with its highlights, and what the analyst selects in it.

Highlights are ``ExtraSelection``s over a read-only document: drawing them
never changes the text, and redrawing all of them is cheap (a few ms for 500).
Entity suggestions are drawn subtly (a faint fill in the type's colour, no line);
the analyst's spans strongly (a fill in the label's colour, CLAIMs also
underlined), outer spans first so nested ones stay visible on top. Other
analysts' spans are drawn apart (a hatched, muted fill, no weight) and can be
hidden; they are selectable, never edited.
The view draws; it owns no data. What it draws is a cache fed by the
article model (``core.article``): ``follow`` subscribes to it, and each change
is drawn once. Offsets in and out are code points, as the store keeps them; the document
holds a display text with one stand-in per stored character (``core.display``),
so what is drawn and selected is exactly what is stored. Only the highlights
near the screen are handed to Qt: Qt lays out every paragraph a highlight
touches, and a megabyte article with 500 of them took seconds to open.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.article import ArticleChange, ArticleModel
from annotator.core.display import DisplayText, visible
from annotator.core.model import Relation, Span
from annotator.core.proposals import Proposal, proposal_at
from annotator.core.schema import Roles
from annotator.core.stances import linked
from annotator.core.tokens import TokenSource, snap_to_tokens
from annotator.ui.colours import CANDIDATE_COLOUR, OTHERS_TEXT, entity_fill, stance_colour
from annotator.ui.paragraph_direction import install as install_direction
from annotator.ui.plain import tooltip

log = logging.getLogger(__name__)

#: Alpha of the fill: long claims faint, short sources and cues strong.
CLAIM_ALPHA = 46
DEFAULT_ALPHA = 96
#: Added to the fill of a span nested in (or overlapping) another of its label.
NESTED_ALPHA = 50
RAW_MODIFIER = Qt.KeyboardModifier.AltModifier
LINK_MODIFIER = Qt.KeyboardModifier.ControlModifier
#: Highlights this many view positions either side of the screen are handed to Qt.
WINDOW = 20_000
#: The longest line, in average characters: wider screens get margins, not 170-character lines.
MEASURE = 96


def _contains(span: Span, pos: int) -> bool:
    return span.start <= pos < span.end


class Highlight:
    """One drawn range in view positions; its Qt selection is made when first handed to Qt."""

    __slots__ = ("_selection", "end", "fmt", "start")

    def __init__(self, start: int, end: int, fmt: QTextCharFormat) -> None:
        self.start, self.end, self.fmt = start, end, fmt
        self._selection: QTextEdit.ExtraSelection | None = None

    def selection(self, document: QTextDocument) -> QTextEdit.ExtraSelection:
        if self._selection is None:  # placing a cursor lays out its paragraph: only on demand
            cursor = QTextCursor(document)
            cursor.setPosition(self.start)
            cursor.setPosition(self.end, QTextCursor.MoveMode.KeepAnchor)
            self._selection = QTextEdit.ExtraSelection()
            self._selection.cursor = cursor
            self._selection.format = self.fmt
        return self._selection


class _LazyTokens:
    """The language's spaCy tokens, its tokenizer built on the first selection."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._bounds: TokenSource | None = None

    def __call__(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        if self._bounds is None:
            from annotator.nlp.model import token_bounds

            self._bounds = token_bounds(self.language)
        return list(self._bounds(text, lo, hi))


class ArticleView(QPlainTextEdit):
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
        self._colours: dict[str, str] = {}
        self.selected_span: int | None = None
        self._raw_drag = False
        self._link_from: Span | None = None
        # Entity highlights change rarely: built once, reused by every span redraw.
        self._entity_selections: list[Highlight] = []
        # every highlight in painting order; only those near the screen are handed to Qt
        self._all_selections: list[Highlight] = []
        self._installed = (0, -1)  # view positions whose highlights Qt has
        self._formats: dict[tuple[str, bool, bool], QTextCharFormat] = {}
        self._relations: list[Relation] = []
        self.candidate: Span | None = None
        self._proposals: list[Proposal] = []
        self._roles = Roles()
        self.language: str | None = None
        self._tokens: TokenSource | None = None
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._install())

    # -- following the article model ----------------------------------------------

    def follow(self, article: ArticleModel) -> None:
        """Draw this article model, and each change it reports."""
        self._roles = article.roles
        self._formats = {}
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
        self._entity_selections, self._all_selections = [], []
        self.setExtraSelections([])
        self._installed = (0, -1)
        self._display = DisplayText(text)
        self.setPlainText(self._display.text)
        if self.document().characterCount() - 1 != self._display.length():
            # Qt dropped or merged a character the stand-ins keep: show fewer as themselves
            log.warning("Qt changed the article text; showing non-printable characters as �")
            self._display = DisplayText(text, strict=True)
            self.setPlainText(self._display.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._install(force=True)

    def set_language(self, code: str | None) -> None:
        """The article's language: selections snap to its tokenizer's words (spaCy's rules
        for that language, loaded on the first selection, not here)."""
        self.language = code
        self._tokens = None if code is None else _LazyTokens(code)

    def set_label_colours(self, colours: dict[str, str]) -> None:
        """Colour per span label (from the schema)."""
        self._colours = dict(colours)
        self._formats = {}
        self._redraw()

    def set_roles(self, roles: Roles) -> None:
        """Which labels are source, cue and claim (claims faint and underlined, cues bold)."""
        self._roles = roles
        self._formats = {}
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
        lo, hi = self._view_range(start, end)
        cursor.setPosition(lo)
        cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
        self._raw_drag = False
        self.setTextCursor(cursor)

    def _view_range(self, start: int, end: int) -> tuple[int, int]:
        """Stored ``start:end`` -> view positions (never over a display-only break at an end)."""
        lo = self._display.to_view(start)
        return lo, max(lo, self._display.to_view_end(end))

    def extend_selection_to(self, end: int) -> None:
        """Keep the selection's start (or the cursor) and move its end to ``end``."""
        cursor = self.textCursor()
        anchor = self._display.from_view(min(cursor.anchor(), cursor.position()))
        self.select_range(anchor, max(anchor, end))

    def spans_at(self, pos: int) -> list[Span]:
        """Analyst spans covering ``pos``, innermost first."""
        return sorted((s for s in self._spans if _contains(s, pos)), key=lambda s: s.end - s.start)

    def hits_at(self, pos: int) -> list[Span]:
        """What a click at ``pos`` can select: the analyst's spans, then the others' drawn ones."""
        others = (s for s in self.visible_others() if _contains(s, pos))
        return self.spans_at(pos) + sorted(others, key=lambda s: s.end - s.start)

    def entity_at(self, pos: int) -> Span | None:
        """The visible entity suggestion under ``pos`` (or just before it)."""
        for probe in (pos, pos - 1):
            for span in self.visible_entities():
                if _contains(span, probe):
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

    def _pos_at(self, event: QMouseEvent) -> int:
        return self._display.from_view(
            self.cursorForPosition(event.position().toPoint()).position()
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._raw_drag = bool(event.modifiers() & RAW_MODIFIER)
        hits = self.spans_at(self._pos_at(event))
        if event.modifiers() & LINK_MODIFIER and hits:
            # Ctrl-drag from one span to another links them (source to claim)
            self._link_from = hits[0]
            self.viewport().setCursor(Qt.CursorShape.DragLinkCursor)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._link_from is None:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._link_from is not None:
            start, self._link_from = self._link_from, None
            self.viewport().unsetCursor()
            targets = [s for s in self.spans_at(self._pos_at(event)) if s.id != start.id]
            if targets and start.id is not None and targets[0].id is not None:
                self.link_dragged.emit(start.id, targets[0].id, event.globalPosition().toPoint())
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            pos = self._display.from_view(
                self.cursorForPosition(event.position().toPoint()).position()
            )
            hits = self.hits_at(pos)
            if hits and self.selected_span in [s.id for s in hits]:
                # clicking again on a selected span reaches the one around it
                index = [s.id for s in hits].index(self.selected_span)
                chosen = hits[(index + 1) % len(hits)]
            else:
                chosen = hits[0] if hits else None
            self.select_span(chosen.id if chosen else None, move=False)
            self.span_clicked.emit(chosen.id if chosen else None)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = self._display.from_view(self.cursorForPosition(event.pos()).position())
        hits = self.spans_at(pos)
        if not hits:
            super().contextMenuEvent(event)
            return
        chosen = next((s for s in hits if s.id == self.selected_span), hits[0])
        self.select_span(chosen.id, move=False)
        self.span_clicked.emit(chosen.id)
        self.span_menu_requested.emit(chosen.id, event.globalPos())

    # -- drawing -------------------------------------------------------------------

    def _selection_for(self, span: Span, fmt: QTextCharFormat) -> list[Highlight]:
        return [Highlight(*self._view_range(start, end), fmt) for start, end in span.pieces()]

    def _span_format(self, label: str, selected: bool, nested: bool = False) -> QTextCharFormat:
        """Fill in the label's colour; a span inside or across another of its label is
        drawn stronger and outlined with a dashed line, so two overlapping claims differ."""
        cached = self._formats.get((label, selected, nested))
        if cached is not None:
            return cached
        colour = QColor(self._colours.get(label, "#777777"))
        fill = QColor(colour)
        claim = bool(label) and label == self._roles.claim
        alpha = 150 if selected else CLAIM_ALPHA if claim else DEFAULT_ALPHA
        fill.setAlpha(min(200, alpha + NESTED_ALPHA) if nested else alpha)
        fmt = QTextCharFormat()
        fmt.setBackground(fill)
        if nested:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(colour.darker(130))
        elif claim or selected:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
        if (label and label == self._roles.cue) or selected:
            fmt.setFontWeight(QFont.Weight.Bold)
        self._formats[(label, selected, nested)] = fmt
        return fmt

    def _other_format(self, label: str, selected: bool) -> QTextCharFormat:
        """Another analyst's span: a hatched fill in the label's colour and muted text, no
        weight and no solid fill, so it never reads as the analyst's own."""
        key = ("other:" + label, selected, False)
        cached = self._formats.get(key)
        if cached is not None:
            return cached
        colour = QColor(self._colours.get(label, "#777777"))
        colour.setAlpha(200 if selected else 110)
        style = Qt.BrushStyle.Dense5Pattern if selected else Qt.BrushStyle.BDiagPattern
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(colour, style))
        fmt.setForeground(QColor(OTHERS_TEXT))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor(self._colours.get(label, "#777777")))
        self._formats[key] = fmt
        return fmt

    def _nested(self) -> set[int]:
        """Spans that lie inside or across an earlier (or longer) span of the same label."""
        ordered = sorted(self._spans, key=lambda s: (s.start, -(s.end - s.start)))
        nested: set[int] = set()
        reach: dict[str, int] = {}
        for span in ordered:
            if span.start < reach.get(span.label, -1) and span.id is not None:
                nested.add(span.id)
            reach[span.label] = max(reach.get(span.label, -1), span.end)
        return nested

    def formats_of(self, span_ids: list[int]) -> dict[int, QTextCharFormat]:
        """The format each of these spans is drawn with (for tests and the legend)."""
        nested = self._nested()
        by_id = {s.id: s for s in self._spans}
        formats = {
            i: self._span_format(by_id[i].label, i == self.selected_span, i in nested)
            for i in span_ids
            if i in by_id
        }
        for span in self.visible_others():
            if span.id in span_ids and span.id is not None:
                formats[span.id] = self._other_format(span.label, span.id == self.selected_span)
        return formats

    def _entity_format(self, label: str) -> QTextCharFormat:
        key = ("entity:" + label, False, False)
        if key not in self._formats:
            fmt = QTextCharFormat()  # a faint fill, no line: most lines have an entity
            fmt.setBackground(entity_fill(label))
            self._formats[key] = fmt
        return self._formats[key]

    def _redraw(self, entities: bool = False) -> None:
        if entities:
            self._entity_selections = []
            for span in self.visible_entities():
                self._entity_selections.extend(
                    self._selection_for(span, self._entity_format(span.label))
                )
        selections = list(self._entity_selections)
        for span in sorted(self.visible_others(), key=lambda s: (-(s.end - s.start), s.start)):
            fmt = self._other_format(span.label, span.id == self.selected_span)
            selections.extend(self._selection_for(span, fmt))  # beneath the analyst's own
        # outer (longer) spans first, so nested ones are painted on top of them
        nested = self._nested()
        for span in sorted(self._spans, key=lambda s: (-(s.end - s.start), s.start)):
            selected = span.id is not None and span.id == self.selected_span
            fmt = self._span_format(span.label, selected, span.id in nested)
            selections.extend(self._selection_for(span, fmt))
        by_id = {s.id: s for s in self._spans}
        for span_id, stance in self.linked():  # the links of the selected span, no arcs
            if span_id in by_id:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(stance_colour(stance))  # the text keeps its colour
                fmt.setFontWeight(QFont.Weight.Bold)
                selections.extend(self._selection_for(by_id[span_id], fmt))
        for proposal in self._proposals:  # dashed, no fill: not the analyst's yet
            for role, bounds in sorted(proposal.roles(), key=lambda rb: rb[0] != "claim"):
                label = self._roles.of(role)
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(QColor(self._colours.get(label, "#777777")))
                if role != "claim":
                    fmt.setFontItalic(True)
                selections.extend(self._selection_for(Span(label, *bounds), fmt))
        if self.candidate is not None:
            fmt = QTextCharFormat()
            fill = QColor(CANDIDATE_COLOUR)
            fill.setAlpha(120)
            fmt.setBackground(fill)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(QColor(CANDIDATE_COLOUR).darker(150))
            selections.extend(self._selection_for(self.candidate, fmt))
        self._all_selections = selections
        self._install(force=True)

    def _visible_range(self) -> tuple[int, int]:
        """View positions from the first to the last paragraph on screen."""
        block = self.firstVisibleBlock()
        lo = hi = block.position()
        offset, height = self.contentOffset(), self.viewport().height()
        while block.isValid():
            hi = block.position() + block.length()
            if self.blockBoundingGeometry(block).translated(offset).bottom() >= height:
                break
            block = block.next()
        return lo, hi

    def _install(self, force: bool = False) -> None:
        """Hand Qt the highlights near the screen (again once the screen leaves them)."""
        lo, hi = self._visible_range()
        if not force and self._installed[0] <= lo and hi <= self._installed[1]:
            return
        start, end = max(0, lo - WINDOW), hi + WINDOW
        self._installed = (start, end)
        doc = self.document()
        self.setExtraSelections(
            [h.selection(doc) for h in self._all_selections if h.start <= end and h.end >= start]
        )

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
        lines = []
        for span in self.spans_at(pos):
            extra = ", ".join(f"{k}={v}" for k, v in span.attributes.items())
            lines.append(f"{span.label}" + (f" ({extra})" if extra else ""))
        lines += [
            f"{s.label} ({s.annotator or 'no analyst'}'s, read-only)"
            for s in self.visible_others()
            if _contains(s, pos)
        ]
        lines += [f"{e.label} (suggested)" for e in self.visible_entities() if _contains(e, pos)]
        proposal = self.suggestion_at(pos)
        if proposal is not None:
            lines.append(f"Proposed: {proposal.stance} — Enter accepts, Backspace rejects")
        by_id = {s.id: s for s in self._spans}
        for span in self.spans_at(pos):
            for rel in self._relations:
                if span.id in (rel.source, rel.claim):
                    other = by_id.get(rel.claim if span.id == rel.source else rel.source)
                    words = "?"
                    if other is not None:
                        covered = self._text[other.start : min(other.end, other.start + 200)]
                        words = " ".join(visible(covered).split())
                    arrow = "→" if span.id == rel.source else "←"
                    lines.append(f"{rel.label} {arrow} {words[:60]}")
        return "\n".join(lines)  # plain text: ``tooltip`` escapes it for Qt

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
