"""Peak memory of export, merge, pre-annotation and proposals at two corpus sizes (#18).

Usage: python benchmarks/stream_bench.py [--export-docs 20000 100000]
           [--nlp-docs 2000 10000] [--only export merge preannotate suggest]
           [--formats jsonl csv brat conll spacy fnc] [--merge-sources project jsonl brat]
           [--keep DIR]
       STREAM_BENCH_PATH=OTHER_TREE python benchmarks/stream_bench.py …  (a baseline: the
           commands run from that tree; the projects and exports are made by this one)

Builds projects of short synthetic articles (60 words from a fixed word list, seeded;
every article distinct), each with a SOURCE, CUE and CLAIM, a stance, a "done" status and,
on every tenth article, a tracked claim. Each command then runs in a child process of its
own, and its peak resident memory is read from the kernel (``os.wait4``'s ru_maxrss of
that child). One line per figure:

    export_peak_mb format=F small=X large=Y growth=Y/X    annotator export --status all
    merge_peak_mb source=S small=X large=Y growth=Y/X     annotator merge FIELD (the base
                                                          holds half the texts): S is the
                                                          project file, or its JSONL or
                                                          brat export
    preannotate_peak_mb small=X large=Y growth=Y/X        annotator preannotate (12-word
                                                          articles, the project's spaCy model)
    suggest_peak_mb small=X large=Y growth=Y/X            annotator suggest (the same)

Goal: growth close to 1.0 (memory bounded by the batch, not the corpus). Run it under
``nice -n 10``; building the 100,000-article projects takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANNOTATOR = [sys.executable, "-m", "annotator"]
FORMATS = ("jsonl", "csv", "brat", "conll", "spacy", "fnc")
MERGE_SOURCES = ("project", "jsonl", "brat")
SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "conll": ".conll", "spacy": ".spacy"}
WORDS = (
    "the minister said officials government report police court people city year week new"
    " public health water school bank market price energy plan law vote party leader"
    " country border trade union workers strike bridge road river storm fire army peace"
    " talks deal budget tax rate growth company shares profit loss study data scientists"
    " climate forest village farmers crops election campaign council mayor hospital"
).split()


def article(rng: random.Random, n: int, words: int) -> dict[str, object]:
    """One distinct article (its number is a word of it) with a source, cue, claim, stance."""
    body = " ".join(rng.choice(WORDS) for _ in range(words - 4))
    text = f"Officials said that {body} number{n} ."
    source = {"start": 0, "end": 9, "label": "SOURCE", "annotator": "ana", "uid": f"s{n}"}
    cue = {"start": 10, "end": 14, "label": "CUE", "annotator": "ana", "uid": f"c{n}"}
    claim = {"start": 20, "end": len(text) - 2, "label": "CLAIM", "annotator": "ana",
             "uid": f"k{n}"}  # fmt: skip
    record: dict[str, object] = {
        "text": text,
        "meta": {"title": f"Article {n}"},
        "spans": [source, cue, claim],
        "relations": [
            {
                "head_span": source,
                "child_span": claim,
                "cue_span": cue,
                "label": "support",
                "annotator": "ana",
                "uid": f"r{n}",
            }
        ],
        "statuses": {"ana": "done"},
    }
    if n % 10 == 0:
        record["claims"] = [
            {
                "claim": f"claim{n % 500}",
                "wording": f"claim number {n % 500}",
                "span": f"k{n}",
                "stance": "agree",
            }
        ]
    return record


def write_corpus(path: Path, count: int, words: int, annotated: bool, first: int = 0) -> None:
    rng = random.Random(first * 7919 + count)
    with path.open("w", encoding="utf-8") as fh:
        for n in range(first, first + count):
            record = article(rng, n, words)
            if not annotated:
                record = {"text": record["text"], "meta": record["meta"]}
            fh.write(json.dumps(record) + "\n")


def run(args: list[str], cwd: Path, tree: Path | None = None) -> float:
    """Run one annotator command; its peak resident memory in MB (the kernel's count).

    ``STREAM_BENCH_PATH``: measure another tree of the code (a baseline), as
    ``scale_bench``'s ``SCALE_BENCH_PATH``; ``tree`` overrides it."""
    code = tree or Path(os.environ.get("STREAM_BENCH_PATH", str(ROOT)))
    proc = subprocess.Popen(
        [*ANNOTATOR, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    out = proc.stdout.read() if proc.stdout else b""  # type: ignore[union-attr]
    err = proc.stderr.read() if proc.stderr else b""  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{out.decode()}"
                         f"\n{err.decode()[-2000:]}")  # fmt: skip
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def project(work: Path, name: str, count: int, words: int, annotated: bool = True,
            first: int = 0) -> Path:  # fmt: skip
    """A project file of ``count`` articles, built through the (streaming) import."""
    db = work / f"{name}.db"
    if db.exists():
        return db
    source = work / f"{name}.jsonl"
    write_corpus(source, count, words, annotated, first)
    run(["--db", str(db), "import", str(source)], work, tree=ROOT)
    source.unlink()
    return db


def line(name: str, small: float, large: float, extra: str = "") -> None:
    print(f"{name}{extra} small={small:.0f} large={large:.0f} growth={large / small:.2f}",
          flush=True)  # fmt: skip


def bench_export(work: Path, sizes: list[int], formats: list[str]) -> None:
    dbs = [project(work, f"annotated{n}", n, 60) for n in sizes]
    for fmt in formats:
        peaks = []
        for db, n in zip(dbs, sizes, strict=True):
            out = work / f"out{n}{SUFFIX.get(fmt, '')}"
            peaks.append(run(["--db", str(db), "export", "--format", fmt, "--out", str(out),
                              "--status", "all", "--force"], work))  # fmt: skip
        line("export_peak_mb", peaks[0], peaks[1], f" format={fmt}")


def bench_merge(work: Path, sizes: list[int], sources: list[str]) -> None:
    """Merge the annotated project, and its JSONL and brat exports, into a base holding
    half its texts (a fresh copy each time)."""
    peaks: dict[str, list[float]] = {source: [] for source in sources}
    for n in sizes:
        field = project(work, f"annotated{n}", n, 60)
        base = project(work, f"base{n}", n // 2, 60, annotated=False)
        for source in sources:
            given = field if source == "project" else exported(work, field, n, source)
            trial = work / f"trial{n}-{source}-{os.getpid()}.db"
            trial.write_bytes(base.read_bytes())
            peaks[source].append(
                run(["--db", str(trial), "merge", "--no-backup", str(given)], work)
            )
            trial.unlink()
    for source, (small, large) in peaks.items():
        line("merge_peak_mb", small, large, f" source={source}")


def exported(work: Path, db: Path, n: int, fmt: str) -> Path:
    """The project's export in ``fmt`` (made once, by this tree, whatever tree is measured)."""
    out = work / f"field{n}{SUFFIX.get(fmt, '')}"
    if not out.exists():
        run(["--db", str(db), "export", "--format", fmt, "--out", str(out), "--status", "all"],
            work, tree=ROOT)  # fmt: skip
    return out


def bench_nlp(work: Path, sizes: list[int], command: str) -> None:
    peaks = []
    for n in sizes:
        db = project(work, f"short{n}", n, 12)
        trial = work / f"{command}{n}.db"
        trial.write_bytes(db.read_bytes())
        peaks.append(run(["--db", str(trial), command], work))
        trial.unlink()
    line(f"{command}_peak_mb", peaks[0], peaks[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--export-docs", type=int, nargs=2, default=[20_000, 100_000])
    parser.add_argument("--nlp-docs", type=int, nargs=2, default=[2_000, 10_000])
    parser.add_argument("--only", nargs="+", default=["export", "merge", "preannotate", "suggest"])
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument(
        "--merge-sources", nargs="+", default=list(MERGE_SOURCES), choices=MERGE_SOURCES
    )
    parser.add_argument("--keep", type=Path, help="build (and reuse) the projects here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if "export" in args.only:
            bench_export(work, args.export_docs, args.formats)
        if "merge" in args.only:
            bench_merge(work, args.export_docs, args.merge_sources)
        for command in ("preannotate", "suggest"):
            if command in args.only:
                bench_nlp(work, args.nlp_docs, command)


if __name__ == "__main__":
    main()
