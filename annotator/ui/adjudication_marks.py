"""Agreements and disagreements marked in the article text while adjudicating.

The article view draws the gold layer as the analyst's own (solid) and the
analysts' layers hatched. On top of those, each unit gets an underline: a
wavy vermillion one where the analysts disagree and gold has not settled it,
a dotted bluish-green one where it is settled, a dotted grey one under a
unanimous unit gold has not taken yet; and the current unit a yellow wash.
These are drawn by the view's own highlighter, given one more layer: while the
mode is on, the view's ``Highlights`` runs as ``MarkedHighlights`` (same state,
one more step at the end of ``draw``), so the marks follow every redraw and scroll.

Marks belong to the text they were computed for. Opening another article redraws
the view before the mode has read the new article's units (the view hears of the
new article first), so a redraw of another text leaves the marks out instead of
placing the last article's offsets in it (Qt warned "Position out of range").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QTextCharFormat

from annotator.core.adjudication import Adjudication
from annotator.core.display import DisplayText
from annotator.ui.article_view import ArticleView
from annotator.ui.colours import CANDIDATE_COLOUR, OKABE_ITO
from annotator.ui.highlights import Highlight, Highlights, view_range

OPEN_MARK = OKABE_ITO["vermillion"]
SETTLED_MARK = OKABE_ITO["bluish_green"]
UNANIMOUS_MARK = OKABE_ITO["grey"]


def _underline(colour: str, style: QTextCharFormat.UnderlineStyle) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(style)
    fmt.setUnderlineColor(QColor(colour))
    return fmt


class MarkedHighlights(Highlights):
    """``Highlights`` with the units' marks drawn last."""

    marks: list[tuple[int, int, QTextCharFormat]]
    marked_text: str

    def draw(self, display: DisplayText, **parts: Any) -> None:
        super().draw(display, **parts)
        if display.stored != getattr(self, "marked_text", None):
            return  # another article's marks: the mode reads this one's next
        for start, end, fmt in getattr(self, "marks", []):
            self._all.append(Highlight(*view_range(display, start, end), fmt))


def mark_formats() -> dict[str, QTextCharFormat]:
    wave = QTextCharFormat.UnderlineStyle.WaveUnderline
    dots = QTextCharFormat.UnderlineStyle.DotLine
    current = QTextCharFormat()
    wash = QColor(CANDIDATE_COLOUR)
    wash.setAlpha(130)
    current.setBackground(wash)
    return {
        "open": _underline(OPEN_MARK, wave),
        "settled": _underline(SETTLED_MARK, dots),
        "unanimous": _underline(UNANIMOUS_MARK, dots),
        "current": current,
    }


class UnitMarks:
    """Puts the marks on one article view, and takes them off again."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.formats = mark_formats()

    def install(self) -> None:
        paint = self.view._highlights
        paint.__class__ = MarkedHighlights  # same state; draw() adds the marks
        paint.marks = []  # type: ignore[attr-defined]
        paint.marked_text = ""  # type: ignore[attr-defined]

    def remove(self) -> None:
        paint = self.view._highlights
        if isinstance(paint, MarkedHighlights):
            del paint.marks, paint.marked_text
            paint.__class__ = Highlights
        self._redraw()

    def show(self, state: Adjudication, current: str | None, text: str) -> None:
        """Mark every unit of ``state``, read from ``text``; the current one washed yellow."""
        marks: list[tuple[int, int, QTextCharFormat]] = []
        for unit in state.units:
            if unit.kind != "span":  # a stance's words are its source's and claim's
                continue
            if unit.unanimous:
                if not unit.in_gold:
                    marks.append((unit.start, unit.end, self.formats["unanimous"]))
            else:
                kind = "settled" if unit.settled else "open"
                marks.append((unit.start, unit.end, self.formats[kind]))
        chosen = state.unit(current) if current else None
        if chosen is not None:
            marks.append((chosen.start, chosen.end, self.formats["current"]))
        paint = self.view._highlights
        if isinstance(paint, MarkedHighlights):
            paint.marks, paint.marked_text = marks, text
        self._redraw()

    def marks(self) -> list[tuple[int, int, str]]:
        """(start, end, kind) of the marks drawn (for tests)."""
        paint = self.view._highlights
        if not isinstance(paint, MarkedHighlights):
            return []
        names = {id(fmt): name for name, fmt in self.formats.items()}
        return [(s, e, names[id(f)]) for s, e, f in paint.marks]

    def drawn(self) -> int:
        """How many of the article's drawn highlights are wavy (the open marks)."""
        wave = QTextCharFormat.UnderlineStyle.WaveUnderline
        return sum(
            s.format.underlineStyle() == wave and s.format.underlineColor() == QColor(OPEN_MARK)
            for s in self.view.extraSelections()
        )

    def _redraw(self) -> None:
        self.view.set_relations(self.view.relations())  # redraws with what the view has
