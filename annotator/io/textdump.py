"""Plain-text dumps pasted together from news websites.

Such a file holds several articles separated by two or more blank lines. Each
article may open with its headline, a photo caption repeated, a stray marker
line (``TT``), then the headline and caption again, and only then the body.
We keep the headline once, put the captions in the metadata, drop the
markers, and keep the body exactly as written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import ParsedDocument, title_from_text

_MARKER = re.compile(r"^[\W_]*[A-Z0-9]{1,3}[\W_]*$")
_CRUFT = {
    "advertisement",
    "share",
    "share this article",
    "read more",
    "subscribe",
    "print",
    "email",
}
_SENTENCE_END = tuple(".!?:;\"”’'")
HEADLINE_MAX = 200


@dataclass(slots=True)
class _Line:
    number: int  # 1-based line number in the file
    start: int  # offset in the file's text
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def key(self) -> str:
        return " ".join(self.text.split())


def is_marker(line: str) -> bool:
    """A stray marker a copy-paste leaves behind: ``TT``, ``AP``, ``Advertisement``."""
    s = line.strip()
    return bool(_MARKER.match(s)) or s.lower() in _CRUFT


def looks_like_headline(line: str) -> bool:
    """Short, and not ending as a sentence does."""
    s = line.strip()
    return 0 < len(s) <= HEADLINE_MAX and not s.endswith(_SENTENCE_END)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        out.append(_Line(number, pos, raw))
        pos += len(raw) + 1
    return out


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Split on runs of two or more blank lines; drop blank edges."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    blank_run = 0
    for line in lines:
        if line.blank:
            blank_run += 1
            current.append(line)
            continue
        if blank_run >= 2 and any(not x.blank for x in current):
            blocks.append(current)
            current = []
        blank_run = 0
        current.append(line)
    if any(not x.blank for x in current):
        blocks.append(current)
    return [_trim(b) for b in blocks]


def _trim(block: list[_Line]) -> list[_Line]:
    first = next(i for i, x in enumerate(block) if not x.blank)
    last = max(i for i, x in enumerate(block) if not x.blank)
    return block[first : last + 1]


@dataclass(slots=True)
class _Preamble:
    """What the lines before an article's body said: kept across blocks that have no body.

    Carried over instead of re-read, so a file of many body-less blocks stays linear.
    """

    head: _Line
    headline: str
    counts: Counter[str] = field(default_factory=Counter)
    captions: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    seen_captions: set[str] = field(default_factory=set)


def _parse_block(
    block: list[_Line], text: str, pre: _Preamble | None = None
) -> tuple[ParsedDocument | None, _Preamble]:
    """One article from one block (after ``pre``, the body-less blocks before it).

    Returns (None, preamble) when the block has no body either.
    """
    if pre is None:
        head = block[0]
        pre = _Preamble(head, head.key if looks_like_headline(head.text) else "")
    pre.counts.update(x.key for x in block if not x.blank)
    headline = pre.headline
    body_at: int | None = None
    for i, line in enumerate(block):
        if line.blank:
            continue
        if not headline:
            body_at = i
            break
        if line.key == headline:
            continue
        if is_marker(line.text):
            pre.markers.append(line.key)
            continue
        if pre.counts[line.key] > 1:
            if line.key not in pre.seen_captions:
                pre.seen_captions.add(line.key)
                pre.captions.append(line.key)
            continue
        body_at = i
        break
    if body_at is None:
        return None, pre
    last = block[-1]
    body = text[block[body_at].start : last.start + len(last.text)].rstrip()
    meta: dict[str, object] = {}
    if pre.captions:
        meta["captions"] = pre.captions
    if pre.markers:
        meta["dropped_markers"] = pre.markers
    doc_text = f"{headline}\n\n{body}" if headline else body
    doc = ParsedDocument(
        text=doc_text,
        title=headline or title_from_text(body),
        meta=meta,
        line=pre.head.number,
    )
    return doc, pre


def parse_dump(text: str, path: Path) -> list[ParsedDocument]:
    """Split a pasted dump into articles (a file with one article gives one)."""
    docs: list[ParsedDocument] = []
    pending: _Preamble | None = None
    for block in _blocks(_lines(text)):
        doc, pre = _parse_block(block, text, pending)
        if doc is None:
            pending = pre
            continue
        pending = None
        doc.origin = f"{path.name}:{doc.line}"
        docs.append(doc)
    return docs


def looks_like_dump(docs: list[ParsedDocument]) -> bool:
    """Several headed articles, with the caption or marker debris of a web copy-paste."""
    return len(docs) > 1 and any("captions" in d.meta or "dropped_markers" in d.meta for d in docs)


def parse_single(text: str, path: Path) -> ParsedDocument | None:
    """A file that holds exactly one article: cleaned like a dump's article, never split."""
    lines = [x for x in _lines(text)]
    if not any(not x.blank for x in lines):
        return None
    doc, _ = _parse_block(_trim(lines), text)
    if doc is None:  # only a headline and captions: keep what there is
        doc = ParsedDocument(text=text.strip(), title=title_from_text(text))
    doc.origin = path.name
    return doc
