"""DocBin export of 10,000 annotated documents against building the same DocBin directly.

Usage: python benchmarks/export_bench.py [CSV] [--docs N]   (default: FNC-1 bodies, 10,000)
Prints: export_docbin_vs_direct ratio=X ours_s=A direct_s=B docs=N   (ratio = our time / direct)

Ours reads every document, span and stance from the project file and writes
``train.spacy``. The direct baseline holds the same texts, spans and stances
in memory and builds the same DocBin (same span groups, same user data) with
spaCy alone. Both use the same tokenizer.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from pathlib import Path

from spacy.tokens import DocBin

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.io.exporting import export
from annotator.io.tokenize import tokenizer
from annotator.store import Store

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT = CORPORA / "fnc1-train" / "train_bodies.csv"
SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples" / "wire-dump.txt"
WORD = re.compile(r"\w+")


def texts(path: Path, n: int) -> list[str]:
    if path.exists():
        csv.field_size_limit(2**31 - 1)
        with path.open(encoding="utf-8", newline="") as fh:
            bodies = [row["articleBody"] for row in csv.DictReader(fh) if row["articleBody"]]
    else:
        bodies = [p for p in SAMPLES.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    return [f"{i}. {bodies[i % len(bodies)]}" for i in range(n)]


def annotate(text: str) -> ParsedDocument:
    """Two attributions a document: SOURCE, CUE and CLAIM on word edges, and two stances."""
    words = [m.span() for m in WORD.finditer(text)]
    spans: list[Span] = []
    relations: list[Relation] = []
    for k, at in enumerate((len(words) // 4, len(words) // 2)):
        if at + 12 >= len(words):
            break
        base = len(spans)
        spans += [
            Span("SOURCE", words[at][0], words[at + 1][1], {"source_type": "named_person"}, "b"),
            Span("CUE", words[at + 2][0], words[at + 2][1], annotator="b"),
            Span("CLAIM", words[at + 3][0], words[at + 11][1], {"quote_type": "indirect"}, "b"),
        ]
        relations.append(Relation(("support", "deny")[k], base, base + 2, base + 1, annotator="b"))
    return ParsedDocument(
        text=text, title=text[:40], spans=spans, relations=relations, status="done"
    )


def direct(docs: list[ParsedDocument], out: Path) -> float:
    """The baseline: spaCy alone, from spans in memory."""
    nlp = tokenizer()
    start = time.perf_counter()
    docbin = DocBin(store_user_data=True)
    for n, item in enumerate(docs):
        doc = nlp.make_doc(item.text)
        groups: dict[str, list] = {}
        for span in item.spans:
            found = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
            groups.setdefault(span.label, []).append(found)
        for label, spans in groups.items():
            doc.spans[label] = spans
        doc.spans["sc"] = [s for spans in groups.values() for s in spans]
        doc.user_data["annotator"] = {
            "title": item.title,
            "meta": item.meta,
            "status": item.status,
            "spans": [
                {
                    "id": n * 10 + i,
                    "label": s.label,
                    "start": s.start,
                    "end": s.end,
                    "fragments": None,
                    "attributes": s.attributes,
                    "annotator": s.annotator,
                }
                for i, s in enumerate(item.spans)
            ],
            "relations": [
                {
                    "label": r.label,
                    "source": r.source,
                    "claim": r.claim,
                    "cue": r.cue,
                    "attributes": r.attributes,
                    "annotator": r.annotator,
                }
                for r in item.relations
            ],
        }
        docbin.add(doc)
    docbin.to_disk(out)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args()
    docs = [annotate(t) for t in texts(args.csv, args.docs)]
    tokenizer()  # loaded once, outside both timings
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            store.add_documents(docs)
            start = time.perf_counter()
            export(store, "spacy", Path(tmp) / "ours.spacy")
            ours_s = time.perf_counter() - start
        direct_s = direct(docs, Path(tmp) / "direct.spacy")
    print(
        f"export_docbin_vs_direct ratio={ours_s / direct_s:.2f} ours_s={ours_s:.2f} "
        f"direct_s={direct_s:.2f} docs={len(docs)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
