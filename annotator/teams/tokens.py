"""Tokens as agreement units: the spaCy tokenizer's, each labelled by one analyst.

A token inside several spans of one analyst takes the label of the shortest
(innermost) one: PolNeAR nests attributions (a claim that holds another source, cue
and claim), and the inner labels are the ones a reader would give that word. A token
counts as inside a span when they share a character.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from annotator.core.model import Span
from annotator.io.tokenize import tokenizer
from annotator.teams.coefficients import MISSING


def token_bounds(text: str, language: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the tokens of the document's language (spaCy's rules for
    it; English when it is not known), whitespace tokens left out: for English the
    tokens of ``annotator.io.tokenize.tokens``, read as arrays (several times faster)."""
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    if language in (None, "", "en"):
        doc = tokenizer().make_doc(text)
    else:
        from annotator.nlp.model import blank_tokenizer

        doc = blank_tokenizer(language)(text)
    table = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64)
    table = table[table[:, 2] == 0]
    return table[:, 0], table[:, 0] + table[:, 1]


def token_codes(
    starts: np.ndarray, ends: np.ndarray, spans: Iterable[Span], codes: dict[str, int]
) -> np.ndarray:
    """One analyst's code per token: 0 for none, else the label of the shortest span."""
    return code_matrix(starts, ends, [spans], codes, 1)[0]


def code_matrix(
    starts: np.ndarray,
    ends: np.ndarray,
    layers: list[Iterable[Span] | None],
    codes: dict[str, int],
    rows: int,
) -> np.ndarray:
    """rows × tokens codes: row i from ``layers[i]`` (``MISSING`` where that is None, and
    for rows past the list), 0 for none, else the label of the shortest span."""
    out = np.full((rows, len(starts)), MISSING, dtype=np.int64)
    pieces = []
    for row, spans in enumerate(layers):
        if spans is None:
            continue
        out[row] = 0
        for span in spans:
            parts = span.pieces()
            length = sum(e - b for b, e in parts)
            pieces += [(row, -length, codes[span.label], b, e) for b, e in parts]
    if not pieces:
        return out
    pieces.sort(key=lambda p: p[:3])  # longest first: shorter (inner) spans overwrite
    bounds = np.array([p[3:] for p in pieces], dtype=np.int64)
    firsts = np.searchsorted(ends, bounds[:, 0], side="right").tolist()
    lasts = np.searchsorted(starts, bounds[:, 1], side="left").tolist()
    for (row, _, code, _, _), first, last in zip(pieces, firsts, lasts, strict=True):
        out[row, first:last] = code
    return out
