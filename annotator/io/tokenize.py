"""One tokenizer for every token-based format, so token indices agree across them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """spaCy's rule-based English tokenizer (no model needed)."""
    import spacy

    return spacy.blank("en")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(text, start, end) for each token; whitespace tokens are left out."""
    doc = tokenizer().make_doc(text)
    return [(t.text, t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
