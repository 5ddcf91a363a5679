"""The first selection in an Arabic article: with the tokenizer warmed in the background
(#17) against building it on the GUI thread at that selection (before).

Usage: python benchmarks/rtl_selection_bench.py [RUNS]
Each run is a fresh interpreter (spaCy's import is part of what the first selection paid):
a window on a project holding the Arabic sample opens the article; "warm" waits until
the background build is done (as an analyst reading the article would), "cold" disables
it ("cold-imported": spaCy imported beforehand, as when the entity job has loaded a
model, so only ``spacy.blank("ar")`` is left); then one selection inside a word is timed
on the GUI thread. Prints medians:
    first_selection_warm_ms=X  first_selection_cold_ms=Y
    first_selection_cold_spacy_imported_ms=Z  ratio_vs_imported=Z/X
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import os, sys, tempfile, time
    from pathlib import Path
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from annotator.core.model import ParsedDocument
    from annotator.store import Store
    from annotator.ui.main_window import MainWindow
    import annotator.ui.article_view as view_module
    from annotator.ui.lazy_tokens import LazyTokens

    mode = sys.argv[1]
    if mode.startswith("cold"):  # before #17's warming: built at the first selection
        view_module.LazyTokens = lambda code, warm_after=None: LazyTokens(code)
    if mode == "cold-imported":  # spaCy already imported (the entity job loaded a model)
        import spacy  # noqa: F401
    text = Path("resources/samples/arabic-harbour.txt").read_text(encoding="utf-8")
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "p.db")
        store.add_documents([ParsedDocument(text=text, title="ar")])
        window = MainWindow(store, analyst="bench", preannotate=False)
        window.show()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            app.processEvents()
            tokens = window.article._tokens
            if mode.startswith("cold") and time.monotonic() > deadline - 28:
                break
            if mode == "warm" and tokens is not None and tokens.ready():
                break
        at = text.index("مُخصَّص") + 2
        started = time.perf_counter()
        window.article.select_range(at, at + 1)
        window.article.selection()
        print((time.perf_counter() - started) * 1000)
        window.close()
        store.close()
    """
)


def run(mode: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    warm = [run("warm") for _ in range(runs)]
    cold = [run("cold") for _ in range(runs)]
    imported = [run("cold-imported") for _ in range(runs)]
    w, c, i = statistics.median(warm), statistics.median(cold), statistics.median(imported)
    print(
        f"first_selection_warm_ms={w:.1f}  first_selection_cold_ms={c:.1f}"
        f"  first_selection_cold_spacy_imported_ms={i:.1f}  ratio_vs_imported={i / w:.0f}"
    )


if __name__ == "__main__":
    main()
