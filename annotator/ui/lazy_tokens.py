"""The words a selection in the article snaps to: the language's spaCy tokenizer.

Building it (``spacy.blank("ar")``, spaCy's import included) takes 0.2–0.6 s, so it is
never built when the article opens on the GUI thread: ``warm_after`` builds it on a
daemon thread once the window has been painted (start-up never competes with it, and
quitting never waits for it). A selection made before it is ready waits for that
build rather than starting another; if the build failed, the selection builds it.
"""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from annotator.core.tokens import TokenSource
from annotator.ui.first_paint import after_first_paint
from annotator.ui.gui_collector import collect_on_gui_thread

#: Languages whose words carry clitics that whitespace and punctuation do not separate.
CLITIC_LANGUAGES = frozenset({"ar", "fa", "ur", "he"})


class LazyTokens:
    """The language's spaCy tokens; the tokenizer warmed in the background, or built on the
    first selection."""

    def __init__(self, language: str, warm_after: QWidget | None = None) -> None:
        self.language = language
        self._bounds: TokenSource | None = None
        self._warming: threading.Thread | None = None
        if warm_after is not None:
            after_first_paint(warm_after, self.warm)

    def warm(self) -> None:
        """Build the tokenizer on a daemon thread (once); runs on the GUI thread."""
        if self._bounds is not None or self._warming is not None:
            return
        collect_on_gui_thread()  # a collection on the warming thread could destroy a widget
        self._warming = threading.Thread(
            target=self._build, name=f"tokenizer-{self.language}", daemon=True
        )
        self._warming.start()

    def _build(self) -> None:  # on the warming thread, or on the GUI thread as a fallback
        from annotator.nlp.model import token_bounds

        self._bounds = token_bounds(self.language)

    def ready(self) -> bool:
        """Whether a selection now snaps without building anything."""
        return self._bounds is not None

    def __call__(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        if self._bounds is None:
            if self._warming is not None:
                self._warming.join()  # already part-way: sooner than building it again
            if self._bounds is None:
                self._build()
        assert self._bounds is not None
        return list(self._bounds(text, lo, hi))
