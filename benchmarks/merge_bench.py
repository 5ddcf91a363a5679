"""Merging field files into a base, against copying the same rows with ATTACH + INSERT … SELECT.

Usage: python benchmarks/merge_bench.py [--files 20] [--docs 2500] [--spans 30]

Builds a base holding ``--docs`` articles (FNC-1 bodies from
../shared/corpora/fnc1-train, repeated with a suffix past its 1,683; made-up text
where the corpus is absent) and ``--files`` field files, one analyst each. Every
article is labelled in 2–3 field files, each copy with ~``--spans`` spans (SOURCE,
CUE, CLAIM triples), a stance per triple up to four, and a "done" status. Then:

    merge_s=X docs=N spans=M                 annotator's merge (backup, checks, one transaction)
    merge_vs_attach_copy ratio=R             merge_s / the same rows copied by plain SQL

The baseline ATTACHes each field file and copies its spans, stances and statuses with
INSERT … SELECT (documents matched by content hash, span ids by uid), one transaction
per ten files (SQLite's limit on attached files): the least a merge could do. Goal:
ratio ≤ 3.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store
from annotator.teams.merge import merge_files

BODIES = (
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fnc1-train" / "train_bodies.csv"
)
WORD = re.compile(r"\w+")


def texts(count: int) -> list[str]:
    """``count`` distinct article texts."""
    bodies: list[str] = []
    if BODIES.exists():
        csv.field_size_limit(10**7)
        with BODIES.open(encoding="utf-8", newline="") as fh:
            bodies = [
                row["articleBody"] for row in csv.DictReader(fh) if len(row["articleBody"]) > 400
            ]
    if not bodies:
        print("note: FNC-1 bodies not found; using made-up text", file=sys.stderr)
        rng = random.Random(0)
        vocab = [f"word{i}" for i in range(3000)]
        bodies = [" ".join(rng.choice(vocab) for _ in range(400)) + "." for _ in range(500)]
    seen: set[str] = set()
    out = []
    for i in range(count):
        text = bodies[i % len(bodies)]
        if i >= len(bodies):
            text += f"\n\n(copy {i // len(bodies)})"
        if text.strip() in seen:
            text += f"\n\n(variant {i})"
        seen.add(text.strip())
        out.append(text)
    return out


def annotations(text: str, analyst: str, spans: int, rng: random.Random) -> ParsedDocument:
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    triples = max(1, spans // 3)
    step = max(8, len(words) // triples)
    out: list[Span] = []
    rels: list[Relation] = []
    for t in range(triples):
        base = t * step + rng.randrange(0, 3)
        if base + 7 >= len(words):
            break
        source = Span("SOURCE", words[base][0], words[base + 1][1], annotator=analyst)
        cue = Span("CUE", words[base + 2][0], words[base + 2][1], annotator=analyst)
        claim = Span(
            "CLAIM", words[base + 3][0], words[base + 6 + rng.randrange(0, 2)][1], annotator=analyst
        )
        out += [source, cue, claim]
        if t < 4:
            rels.append(
                Relation("support", len(out) - 3, len(out) - 1, len(out) - 2, annotator=analyst)
            )
    return ParsedDocument(text, spans=out, relations=rels, status="done")


def build(folder: Path, files: int, docs: int, spans: int) -> tuple[Path, list[Path]]:
    corpus = texts(docs)
    base = folder / "base.db"
    with Store(base) as store:
        store.add_documents([ParsedDocument(t) for t in corpus])
    rng = random.Random(1)
    assigned: list[list[int]] = [[] for _ in range(files)]
    for i in range(docs):
        copies = 2 + (i % 2)  # each article in 2 or 3 field files
        for k in rng.sample(range(files), min(copies, files)):
            assigned[k].append(i)
    paths = []
    for k in range(files):
        path = folder / f"field{k:02d}.db"
        with Store(path) as store:
            store.add_documents(
                [annotations(corpus[i], f"analyst{k:02d}", spans, rng) for i in assigned[k]]
            )
        paths.append(path)
    return base, paths


def attach_copy(base: Path, paths: list[Path]) -> None:
    """The baseline: plain SQL, one transaction per 10 files (SQLite attaches at most 10
    databases, and cannot detach one inside a transaction)."""
    conn = sqlite3.connect(base, isolation_level=None)
    for first in range(0, len(paths), 10):
        batch = paths[first : first + 10]
        conn.execute("BEGIN IMMEDIATE")
        for n, path in enumerate(batch):
            conn.execute(f"ATTACH DATABASE ? AS f{n}", [str(path)])
            _copy_rows(conn, f"f{n}")
        conn.execute("COMMIT")
        for n in range(len(batch)):
            conn.execute(f"DETACH DATABASE f{n}")
    conn.close()


def _copy_rows(conn: sqlite3.Connection, f: str) -> None:
    conn.execute(
        f'INSERT INTO spans (doc_id, label, start, "end", fragments, attributes, annotator,'
        f' created_at, updated_at, uid) SELECT d.id, s.label, s.start, s."end", s.fragments,'
        f" s.attributes, s.annotator, s.created_at, s.updated_at, s.uid FROM {f}.spans s"
        f" JOIN {f}.documents fd ON fd.id = s.doc_id"
        " JOIN main.documents d ON d.content_hash = fd.content_hash"
    )
    conn.execute(
        f"INSERT INTO relations (doc_id, label, source_span_id, claim_span_id, cue_span_id,"
        f" attributes, annotator, created_at, updated_at, uid)"
        f" SELECT ms.doc_id, r.label, ms.id, mc.id, mu.id, r.attributes, r.annotator,"
        f" r.created_at, r.updated_at, r.uid FROM {f}.relations r"
        f" JOIN {f}.spans fs ON fs.id = r.source_span_id JOIN main.spans ms ON ms.uid = fs.uid"
        f" JOIN {f}.spans fc ON fc.id = r.claim_span_id JOIN main.spans mc ON mc.uid = fc.uid"
        f" LEFT JOIN {f}.spans fu ON fu.id = r.cue_span_id"
        " LEFT JOIN main.spans mu ON mu.uid = fu.uid"
    )
    conn.execute(
        f"INSERT OR REPLACE INTO document_status (doc_id, annotator, status, updated_at)"
        f" SELECT d.id, s.annotator, s.status, s.updated_at FROM {f}.document_status s"
        f" JOIN {f}.documents fd ON fd.id = s.doc_id"
        " JOIN main.documents d ON d.content_hash = fd.content_hash"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--docs", type=int, default=2500)
    parser.add_argument("--spans", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        base, paths = build(folder, args.files, args.docs, args.spans)
        print(
            f"built {args.files} field file(s) in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        baseline = folder / "baseline.db"
        with Store(base) as store:
            store.backup(baseline)
        started = time.perf_counter()
        attach_copy(baseline, paths)
        copy_s = time.perf_counter() - started
        with Store(base) as store:
            started = time.perf_counter()
            report = merge_files(store, paths)
            merge_s = time.perf_counter() - started
            spans = store.db.execute("SELECT count(*) FROM spans").fetchone()[0]
            docs = store.count_documents()
        check = sqlite3.connect(baseline)
        copied = check.execute("SELECT count(*) FROM spans").fetchone()[0]
        check.close()
        assert copied == spans, (copied, spans)
        print(report.summary(), file=sys.stderr)
        print(f"merge_s={merge_s:.2f} docs={docs} spans={spans}")
        print(f"merge_vs_attach_copy ratio={merge_s / copy_s:.2f}  (attach_copy_s={copy_s:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
