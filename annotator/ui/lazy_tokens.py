"""The words a selection in the article snaps to: the language's spaCy tokenizer, loaded on
the first selection rather than when the article opens (the NLP layer imported only then)."""

from __future__ import annotations

from annotator.core.tokens import TokenSource

#: Languages whose words carry clitics that whitespace and punctuation do not separate.
CLITIC_LANGUAGES = frozenset({"ar", "fa", "ur", "he"})


class LazyTokens:
    """The language's spaCy tokens, its tokenizer built on the first selection."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._bounds: TokenSource | None = None

    def __call__(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        if self._bounds is None:
            from annotator.nlp.model import token_bounds

            self._bounds = token_bounds(self.language)
        return list(self._bounds(text, lo, hi))
