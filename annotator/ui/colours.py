"""Colours for entity types: hues spread apart, drawn translucent.

A translucent fill over the view's own background reads on light and dark
palettes alike, and the underline in full colour keeps the type legible.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

#: Hue (0-359) per spaCy/OntoNotes entity label; the ones sources come from get the clearest.
ENTITY_HUES = {
    "PERSON": 210,
    "ORG": 28,
    "NORP": 280,
    "GPE": 140,
    "LOC": 170,
    "FAC": 55,
    "PRODUCT": 320,
    "EVENT": 0,
    "WORK_OF_ART": 300,
    "LAW": 250,
    "LANGUAGE": 190,
    "DATE": 45,
    "TIME": 45,
    "PERCENT": 90,
    "MONEY": 100,
    "QUANTITY": 75,
    "ORDINAL": 75,
    "CARDINAL": 75,
}
FILL_ALPHA = 56


def entity_hue(label: str) -> int:
    """A stable hue for any label, known or not."""
    if label in ENTITY_HUES:
        return ENTITY_HUES[label]
    return sum(ord(ch) * 31 for ch in label) % 360


def entity_line(label: str) -> QColor:
    """The strong colour of an entity type (underline, legend swatch)."""
    return QColor.fromHsl(entity_hue(label), 170, 110)


def entity_fill(label: str) -> QColor:
    """The faint fill drawn under an entity."""
    colour = QColor.fromHsl(entity_hue(label), 200, 128)
    colour.setAlpha(FILL_ALPHA)
    return colour


#: Stance colours: assert green, deny red, query amber, comment grey.
STANCE_COLOURS = {"support": "#15803d", "deny": "#b91c1c", "query": "#b45309", "comment": "#6b7280"}
CANDIDATE_COLOUR = "#eab308"


def stance_colour(label: str) -> QColor:
    """The colour that marks a stance wherever it is shown."""
    return QColor(STANCE_COLOURS.get(label, "#7c3aed"))
