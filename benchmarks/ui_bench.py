"""Workbench speed, offscreen, on generated data built from real text.

Usage: python benchmarks/ui_bench.py [CSV]   (default: the FNC-1 training bodies)
       python benchmarks/ui_bench.py --encrypted [CSV]   (every line prefixed encrypted_, on
       SQLCipher projects, plus encrypted_open_article_vs_plain and
       encrypted_label_commit_vs_plain ratio=R against a plain file in the same run)
       python benchmarks/ui_bench.py --startup [--runs N]   (the start-up figures only;
       medians and minima of N runs, default 7)
Prints one line per figure:
    start_to_window_ms=X       launch `python -m annotator open` on the samples to the window's
                               first paint (median of STARTUP_RUNS, after one warm-up run)
    start_to_window_cpu_ms=X   the CPU time the process used by then (less noisy on a busy machine)
    start_to_window_min_ms=X   the fastest run, and start_to_window_cpu_min_ms=X its CPU
                               counterpart (the machine is shared: the minimum is the least noisy)
    start_to_quit_ms=X         launch to exit with `open --quit-after 0` (waits for no model)
    start_modules=N            modules loaded at the first paint (the same on a busy machine;
                               benchmarks/startup_imports.py says what each import costs)
    startup_runs=N load_1min=L the runs counted and the machine's load average when they ended
    open_article_ms=X          open a ~5,000-word article with ~400 entity highlights and 100 spans
    label_commit_ms_median=X   select text, press S: span committed and drawn (median of 50)
    next_article_ms=X          press N: the next such article shown with its highlights
    list_100k_open_ms=X        a window on a project of 100,000 documents, list shown
    rss_mb=X                   resident memory after all of the above
    open_largest_article_ms=X  open an article of MAX_TEXT_CHARS with 500 spans, drawn: the
                               worst of one line of words, a blob with no break, CRLF paragraphs
"""

from __future__ import annotations

import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_ANALYST", "bench")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import MAX_TEXT_CHARS, ParsedDocument, Span
from annotator.io.importer import import_paths
from annotator.nlp.model import load_entity_pipeline
from annotator.store import Store
from annotator.ui.main_window import MainWindow

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT = CORPORA / "fnc1-train" / "train_bodies.csv"
SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples" / "wire-dump.txt"
#: ``--encrypted``: every project of the run is encrypted, every line prefixed (#19).
PASSPHRASE: str | None = None
PREFIX = ""


def bodies(path: Path) -> list[str]:
    if not path.exists():  # a bare clone: our own sample text, repeated
        return [p for p in SAMPLES.read_text(encoding="utf-8").split("\n\n") if len(p) > 80] * 40
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["articleBody"] for row in csv.DictReader(fh)]


def long_article(texts: list[str], offset: int, words: int = 5000) -> str:
    out, count, i = [], 0, offset
    while count < words:
        out.append(texts[i % len(texts)])
        count += len(texts[i % len(texts)].split())
        i += 1
    return "\n\n".join(out)


def build_articles(store: Store, texts: list[str]) -> list[int]:
    nlp, info = load_entity_pipeline()
    articles = [long_article(texts, k * 40) for k in range(3)]
    ids = store.add_documents(
        [ParsedDocument(text=t, title=f"Long {k}") for k, t in enumerate(articles)]
    ).ids
    for doc_id, text in zip(ids, articles, strict=True):
        ents = [(e.label_, e.start_char, e.end_char) for e in nlp(text).ents][:400]
        store.save_suggestions([(doc_id, ents)], info.name, info.version)
        step = len(text) // 100
        with store.transaction():
            for n in range(100):  # nested and overlapping: claims over sources and cues
                start = n * step
                while start < len(text) and not text[start].isalnum():
                    start += 1
                label = ("CLAIM", "SOURCE", "CUE")[n % 3]
                length = {"CLAIM": 120, "SOURCE": 20, "CUE": 6}[label]
                end = min(len(text), start + length)
                store.add_span(doc_id, Span(label, start, end, annotator="bench"))
    return ids


def largest_articles(texts: list[str]) -> dict[str, str]:
    """The longest article import accepts, in the shapes Qt finds hardest to lay out."""
    words = " ".join(" ".join(texts[:2000]).split())
    while len(words) < MAX_TEXT_CHARS:
        words += " " + words
    words = words[:MAX_TEXT_CHARS]
    paragraphs = "\r\n\r\n".join(words[i : i + 900] for i in range(0, len(words), 902))
    return {
        "one_line": words,
        "no_breaks": (re.sub("[^0-9A-Za-z]", "", words) * 2)[:MAX_TEXT_CHARS],  # a blob
        "paragraphs": paragraphs[:MAX_TEXT_CHARS],
    }


def open_largest_article(app: QApplication, store: Store, texts: list[str]) -> float:
    """Milliseconds to open the worst-shaped largest article and draw it with 500 spans."""
    shapes = largest_articles(texts)
    documents = [ParsedDocument(text=t, title=name) for name, t in shapes.items()]
    first, *ids = store.add_documents([ParsedDocument(text=texts[0]), *documents]).ids
    store.set_setting("ui.last_document", str(first))  # the window opens a short one
    for doc_id, text in zip(ids, shapes.values(), strict=True):
        step = len(text) // 500
        with store.transaction():
            for n in range(500):
                label = ("CLAIM", "SOURCE", "CUE")[n % 3]
                store.add_span(doc_id, Span(label, n * step, n * step + 40, annotator="bench"))
    window = MainWindow(store, analyst="bench", preannotate=False)
    window.show()
    app.processEvents()
    worst = 0.0
    for doc_id in ids:
        start = time.perf_counter()
        window.open_document(doc_id)
        window.article.viewport().repaint()
        app.processEvents()
        worst = max(worst, (time.perf_counter() - start) * 1000)
        assert len(window.article.spans()) == 500
    window.close()
    return worst


STARTUP_RUNS = 7


def start_to_window(runs: int = STARTUP_RUNS) -> dict[str, list[float]]:
    """Milliseconds from launching the workbench on the samples to its first paint, per run.

    Each run is a fresh ``python -m annotator --db P open --quit-after 0``; the window
    writes when it was first painted to ``ANNOTATOR_FIRST_PAINT_REPORT`` (ui/first_paint.py).
    """
    with tempfile.TemporaryDirectory() as tmp:
        db, report = Path(tmp) / "samples.db", Path(tmp) / "first-paint.json"
        with Store(db, passphrase=PASSPHRASE) as store:
            import_paths(store, sorted(SAMPLES.parent.glob("*.txt")))
        env = {**os.environ, "ANNOTATOR_FIRST_PAINT_REPORT": str(report)}
        if PASSPHRASE is not None:
            env["ANNOTATOR_PASSPHRASE"] = PASSPHRASE
        command = [sys.executable, "-m", "annotator", "--db", str(db), "open", "--quit-after", "0"]
        figures: dict[str, list[float]] = {"window": [], "cpu": [], "quit": [], "modules": []}
        for run in range(runs + 1):  # the first warms the file cache and is not counted
            report.unlink(missing_ok=True)
            started = time.time()
            subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
            ended = time.time()
            painted = json.loads(report.read_text(encoding="utf-8"))
            if run:
                figures["window"].append((painted["painted_at"] - started) * 1000)
                figures["cpu"].append(painted["cpu_s"] * 1000)
                figures["quit"].append((ended - started) * 1000)
                figures["modules"].append(len(painted["modules"]))
    return figures


def print_startup() -> None:
    runs = STARTUP_RUNS
    if "--runs" in sys.argv[1:]:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
    startup = start_to_window(runs)
    median = {name: statistics.median(values) for name, values in startup.items()}
    print(f"{PREFIX}start_to_window_ms={median['window']:.0f}")
    print(f"{PREFIX}start_to_window_cpu_ms={median['cpu']:.0f}")
    print(f"{PREFIX}start_to_window_min_ms={min(startup['window']):.0f}")
    print(f"{PREFIX}start_to_window_cpu_min_ms={min(startup['cpu']):.0f}")
    print(f"{PREFIX}start_to_quit_ms={median['quit']:.0f}")
    print(f"{PREFIX}start_modules={max(startup['modules']):.0f}")
    print(f"{PREFIX}startup_runs={runs} load_1min={os.getloadavg()[0]:.2f}")


def article_figures(
    app: QApplication, path: Path, texts: list[str], passphrase: str | None
) -> tuple[float, float, float]:
    """Open a long article, label 50 spans, press N: milliseconds (open, label median, next)."""
    store = Store(path, passphrase=passphrase)
    ids = build_articles(store, texts)
    store.set_setting("ui.last_document", str(ids[0]))
    window = MainWindow(store, analyst="bench", preannotate=False)
    window.show()
    window.activateWindow()
    while QApplication.activeWindow() is not window:
        app.processEvents()

    start = time.perf_counter()
    window.open_document(ids[1])
    app.processEvents()
    open_ms = (time.perf_counter() - start) * 1000
    assert len(window.article.entities()) >= 300 and len(window.article.spans()) == 100

    text = window.article.text()
    timings = []
    pos = 0
    for _ in range(50):
        pos = text.index(" ", pos + 200) + 1
        end = text.index(" ", pos + 8)
        window.article.select_range(pos, end)
        before = len(window.article.spans())
        start = time.perf_counter()
        QTest.keyClick(window.article, Qt.Key.Key_S)
        timings.append((time.perf_counter() - start) * 1000)
        assert len(window.article.spans()) == before + 1
    label_ms = statistics.median(timings)

    start = time.perf_counter()
    QTest.keyClick(window.article, Qt.Key.Key_N)
    app.processEvents()
    next_ms = (time.perf_counter() - start) * 1000
    assert window.current_doc == ids[2]
    window.close()
    store.close()
    return open_ms, label_ms, next_ms


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    global PASSPHRASE, PREFIX
    if "--encrypted" in sys.argv[1:]:  # #19: the same figures on an SQLCipher project
        PASSPHRASE, PREFIX = "bench passphrase", "encrypted_"
    args = [a for a in sys.argv[1:] if a != "--encrypted"]
    if "--runs" in args:  # --runs N: the start-up runs (print_startup reads it)
        del args[args.index("--runs") : args.index("--runs") + 2]
    if "--startup" in args:
        print_startup()
        return 0
    source = Path(args[0]) if args else DEFAULT
    texts = bodies(source)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        open_ms, label_ms, next_ms = article_figures(app, Path(tmp) / "long.db", texts, PASSPHRASE)
        if PASSPHRASE is not None:  # the same figures on a plain file, same run: the ratios
            plain_open, plain_label, _ = article_figures(app, Path(tmp) / "plain.db", texts, None)

        big = Store(Path(tmp) / "big.db", passphrase=PASSPHRASE)
        short = [t[:600] for t in texts]
        batch = 10_000
        for start_n in range(0, 100_000, batch):
            big.add_documents(
                [
                    ParsedDocument(text=f"{n}. {short[n % len(short)]}", title=f"Document {n}")
                    for n in range(start_n, start_n + batch)
                ]
            )
        start = time.perf_counter()
        listing = MainWindow(big, analyst="bench", preannotate=False)
        listing.show()
        app.processEvents()
        list_ms = (time.perf_counter() - start) * 1000
        assert listing.documents.total() == 100_000
        memory = rss_mb()
        listing.close()
        big.close()

        largest = Store(Path(tmp) / "largest.db", passphrase=PASSPHRASE)
        largest_ms = open_largest_article(app, largest, texts)
        largest.close()

    print(f"{PREFIX}open_article_ms={open_ms:.1f}")
    print(f"{PREFIX}label_commit_ms_median={label_ms:.1f}")
    print(f"{PREFIX}next_article_ms={next_ms:.1f}")
    print(f"{PREFIX}list_100k_open_ms={list_ms:.1f}")
    print(f"{PREFIX}rss_mb={memory:.0f}")
    print(f"{PREFIX}open_largest_article_ms={largest_ms:.1f}")
    if PASSPHRASE is not None:  # #19's goal: within 1.2 x of the plain file
        print(f"encrypted_open_article_vs_plain ratio={open_ms / plain_open:.2f}")
        print(f"encrypted_label_commit_vs_plain ratio={label_ms / plain_label:.2f}")
    print_startup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
