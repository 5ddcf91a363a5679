"""How the article view draws spans: their formats, the highlights in painting order, and
which of them Qt is given.

Entity suggestions are drawn subtly (a faint fill in the type's colour, no line);
the analyst's spans strongly (a fill in the label's colour, CLAIMs also
underlined), outer spans first so nested ones stay visible on top. Other
analysts' spans are drawn apart (a hatched, muted fill, no weight). Only the
highlights near the screen are handed to Qt: Qt lays out every paragraph a
highlight touches, and a megabyte article with 500 of them took seconds to open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from annotator.core.display import DisplayText
from annotator.core.model import Span
from annotator.core.proposals import Proposal
from annotator.core.schema import Roles
from annotator.ui.colours import CANDIDATE_COLOUR, OTHERS_TEXT, entity_fill, stance_colour

#: Alpha of the fill: long claims faint, short sources and cues strong.
CLAIM_ALPHA = 46
DEFAULT_ALPHA = 96
#: Added to the fill of a span nested in (or overlapping) another of its label.
NESTED_ALPHA = 50
#: Highlights this many view positions either side of the screen are handed to Qt.
WINDOW = 20_000


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


def view_range(display: DisplayText, start: int, end: int) -> tuple[int, int]:
    """Stored ``start:end`` -> view positions (never over a display-only break at an end)."""
    lo = display.to_view(start)
    return lo, max(lo, display.to_view_end(end))


def nested_ids(spans: list[Span]) -> set[int]:
    """Spans that lie inside or across an earlier (or longer) span of the same label."""
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    nested: set[int] = set()
    reach: dict[str, int] = {}
    for span in ordered:
        if span.start < reach.get(span.label, -1) and span.id is not None:
            nested.add(span.id)
        reach[span.label] = max(reach.get(span.label, -1), span.end)
    return nested


class Highlights:
    """The view's highlights: formats made once per label colour and role, every highlight
    in painting order, and the view positions whose highlights Qt has."""

    def __init__(self) -> None:
        self.colours: dict[str, str] = {}
        self.roles = Roles()
        self._formats: dict[tuple[str, bool, bool], QTextCharFormat] = {}
        # Entity highlights change rarely: built once, reused by every span redraw.
        self._entities: list[Highlight] = []
        # every highlight in painting order; only those near the screen are handed to Qt
        self._all: list[Highlight] = []
        self._installed = (0, -1)

    def forget_formats(self) -> None:
        """Colours or roles changed: make each format again when next drawn."""
        self._formats = {}

    def clear(self) -> None:
        """A new text: no highlights, and none handed to Qt."""
        self._entities, self._all = [], []
        self._installed = (0, -1)

    def span_format(self, label: str, selected: bool, nested: bool = False) -> QTextCharFormat:
        """Fill in the label's colour; a span inside or across another of its label is
        drawn stronger and outlined with a dashed line, so two overlapping claims differ."""
        cached = self._formats.get((label, selected, nested))
        if cached is not None:
            return cached
        colour = QColor(self.colours.get(label, "#777777"))
        fill = QColor(colour)
        claim = bool(label) and label == self.roles.claim
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
        if (label and label == self.roles.cue) or selected:
            fmt.setFontWeight(QFont.Weight.Bold)
        self._formats[(label, selected, nested)] = fmt
        return fmt

    def other_format(self, label: str, selected: bool) -> QTextCharFormat:
        """Another analyst's span: a hatched fill in the label's colour and muted text, no
        weight and no solid fill, so it never reads as the analyst's own."""
        key = ("other:" + label, selected, False)
        cached = self._formats.get(key)
        if cached is not None:
            return cached
        colour = QColor(self.colours.get(label, "#777777"))
        colour.setAlpha(200 if selected else 110)
        style = Qt.BrushStyle.Dense5Pattern if selected else Qt.BrushStyle.BDiagPattern
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(colour, style))
        fmt.setForeground(QColor(OTHERS_TEXT))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor(self.colours.get(label, "#777777")))
        self._formats[key] = fmt
        return fmt

    def entity_format(self, label: str) -> QTextCharFormat:
        key = ("entity:" + label, False, False)
        if key not in self._formats:
            fmt = QTextCharFormat()  # a faint fill, no line: most lines have an entity
            fmt.setBackground(entity_fill(label))
            self._formats[key] = fmt
        return self._formats[key]

    def draw(
        self,
        display: DisplayText,
        *,
        entities: list[Span] | None,
        others: list[Span],
        spans: list[Span],
        selected: int | None,
        linked: list[tuple[int, str]],
        proposals: list[Proposal],
        candidate: Span | None,
    ) -> None:
        """Every highlight in painting order; ``entities`` None keeps the entity ones."""

        def pieces(span: Span, fmt: QTextCharFormat) -> list[Highlight]:
            return [Highlight(*view_range(display, lo, hi), fmt) for lo, hi in span.pieces()]

        if entities is not None:
            self._entities = []
            for span in entities:
                self._entities.extend(pieces(span, self.entity_format(span.label)))
        selections = list(self._entities)
        for span in sorted(others, key=lambda s: (-(s.end - s.start), s.start)):
            fmt = self.other_format(span.label, span.id == selected)
            selections.extend(pieces(span, fmt))  # beneath the analyst's own
        # outer (longer) spans first, so nested ones are painted on top of them
        nested = nested_ids(spans)
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            is_selected = span.id is not None and span.id == selected
            fmt = self.span_format(span.label, is_selected, span.id in nested)
            selections.extend(pieces(span, fmt))
        by_id = {s.id: s for s in spans}
        for span_id, stance in linked:  # the links of the selected span, no arcs
            if span_id in by_id:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(stance_colour(stance))  # the text keeps its colour
                fmt.setFontWeight(QFont.Weight.Bold)
                selections.extend(pieces(by_id[span_id], fmt))
        for proposal in proposals:  # dashed, no fill: not the analyst's yet
            for role, bounds in sorted(proposal.roles(), key=lambda rb: rb[0] != "claim"):
                label = self.roles.of(role)
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(QColor(self.colours.get(label, "#777777")))
                if role != "claim":
                    fmt.setFontItalic(True)
                selections.extend(pieces(Span(label, *bounds), fmt))
        if candidate is not None:
            fmt = QTextCharFormat()
            fill = QColor(CANDIDATE_COLOUR)
            fill.setAlpha(120)
            fmt.setBackground(fill)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(QColor(CANDIDATE_COLOUR).darker(150))
            selections.extend(pieces(candidate, fmt))
        self._all = selections

    def install(self, edit: QPlainTextEdit, visible: tuple[int, int], force: bool = False) -> None:
        """Hand Qt the highlights near the screen (again once the screen leaves them)."""
        lo, hi = visible
        if not force and self._installed[0] <= lo and hi <= self._installed[1]:
            return
        start, end = max(0, lo - WINDOW), hi + WINDOW
        self._installed = (start, end)
        doc = edit.document()
        edit.setExtraSelections(
            [h.selection(doc) for h in self._all if h.start <= end and h.end >= start]
        )
