"""CoNLL-2003 style IOB: one token a line, a column of entity tags and one of SOURCE tags.

Tokens come from the same tokenizer as the JSONL export; a span covers the
tokens it touches, so tags never shift with non-ASCII text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.model import Span
from annotator.io.export_sink import Sink, write_through
from annotator.io.exporting import ExportDoc
from annotator.io.safe_paths import atomic_text
from annotator.io.tokenize import tokens


def iob(toks: list[tuple[str, int, int]], spans: list[Span]) -> list[str]:
    """BIO tags; where spans overlap, the one that starts first (then the longer) wins."""
    tags = ["O"] * len(toks)
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        covered = [i for i, (_, s, e) in enumerate(toks) if s < span.end and e > span.start]
        if not covered or any(tags[i] != "O" for i in covered):
            continue
        for n, i in enumerate(covered):
            tags[i] = ("B-" if n == 0 else "I-") + span.label
    return tags


class ConllSink(Sink):
    """``-DOCSTART-`` per document, a blank line between sentences-as-paragraphs."""

    tag_label = "SOURCE"

    def open(self) -> None:
        self.fh = self.stack.enter_context(atomic_text(self.out))

    def add(self, item: ExportDoc) -> None:
        self.count += 1
        fh = self.fh
        text = item.doc.text
        toks = tokens(text)
        entity_tags = iob(toks, item.entities)
        source_tags = iob(toks, [s for s in item.spans if s.label == self.tag_label])
        fh.write(f"-DOCSTART- -X- {item.doc.id} O O\n\n")
        previous_end = 0
        for (word, start, end), ent, src in zip(toks, entity_tags, source_tags, strict=True):
            if "\n\n" in text[previous_end:start]:
                fh.write("\n")
            fh.write(f"{word} {ent} {src}\n")
            previous_end = end
        fh.write("\n")


def write_conll(docs: Iterable[ExportDoc], out: Path, tag_label: str = "SOURCE") -> list[Path]:
    """``-DOCSTART-`` per document, a blank line between sentences-as-paragraphs."""
    sink = ConllSink(out)
    sink.tag_label = tag_label
    return write_through(sink, docs)
