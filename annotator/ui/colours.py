"""One colour-blind-safe palette (Okabe & Ito, 2008) for spans, stances and entity types.

The schema's default labels take three of its colours (SOURCE orange, CUE
reddish purple, CLAIM bluish green), none near the blue of a text selection.
Stances are told apart by a mark as well as a colour (✓ ✗ ? •), so a reader who
cannot tell red from green still can. Fills are translucent, so they read on
light and dark backgrounds; text drawn in a palette colour is first darkened or
lightened until it has a legible contrast with the background it sits on.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

#: Okabe–Ito: https://jfly.uni-koeln.de/color/ (black left out)
OKABE_ITO = {
    "orange": "#e69f00",
    "sky_blue": "#56b4e9",
    "bluish_green": "#009e73",
    "yellow": "#f0e442",
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "reddish_purple": "#cc79a7",
    "grey": "#999999",
}

#: Entity types: the ones sources come from get distinct palette colours; the rest share.
ENTITY_COLOURS = {
    "PERSON": OKABE_ITO["blue"],
    "ORG": OKABE_ITO["vermillion"],
    "NORP": OKABE_ITO["reddish_purple"],
    "GPE": OKABE_ITO["bluish_green"],
    "LOC": OKABE_ITO["sky_blue"],
    "FAC": OKABE_ITO["sky_blue"],
    "PRODUCT": OKABE_ITO["orange"],
    "EVENT": OKABE_ITO["orange"],
    "WORK_OF_ART": OKABE_ITO["orange"],
    "LAW": OKABE_ITO["reddish_purple"],
    "LANGUAGE": OKABE_ITO["sky_blue"],
}
#: Dates, numbers and the like: grey, they are rarely sources.
QUIET_ENTITY = OKABE_ITO["grey"]
FILL_ALPHA = 40


def entity_line(label: str) -> QColor:
    """The strong colour of an entity type (legend swatch)."""
    return QColor(ENTITY_COLOURS.get(label, QUIET_ENTITY))


def entity_fill(label: str) -> QColor:
    """The faint fill drawn under an entity (no underline: lines stay quiet)."""
    colour = entity_line(label)
    colour.setAlpha(FILL_ALPHA)
    return colour


#: Stance colours and marks: support blue ✓, deny vermillion ✗, query purple ?, comment grey •.
STANCE_COLOURS = {
    "support": OKABE_ITO["blue"],
    "deny": OKABE_ITO["vermillion"],
    "query": OKABE_ITO["reddish_purple"],
    "comment": "#666666",
}
STANCE_MARKS = {"support": "✓", "deny": "✗", "query": "?", "comment": "•"}
OTHER_STANCE = "#7c3aed"
CANDIDATE_COLOUR = OKABE_ITO["yellow"]
#: Text of another analyst's span: muted, so their layer reads as a reference, not as yours.
OTHERS_TEXT = "#5b6470"


def stance_colour(label: str) -> QColor:
    """The colour that marks a stance wherever it is shown."""
    return QColor(STANCE_COLOURS.get(label, OTHER_STANCE))


def stance_mark(label: str) -> str:
    """The mark that tells a stance apart without its colour."""
    return STANCE_MARKS.get(label, "·")


def marked(label: str) -> str:
    """'✓ support'."""
    return f"{stance_mark(label)} {label}"


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: QColor | str, background: QColor, ratio: float = 4.5) -> QColor:
    """``colour`` darkened (on a light background) or lightened (on a dark one) to be legible."""
    shown = QColor(colour)
    dark_background = background.lightness() < 128
    for _ in range(12):
        if contrast(shown, background) >= ratio:
            break
        shown = shown.lighter(115) if dark_background else shown.darker(118)
    return shown
