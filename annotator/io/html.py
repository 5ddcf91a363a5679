"""Saved web pages: the readable text only.

No script runs, no style applies and nothing referenced by the page is fetched.
The page is read by a small tokenizer of our own, in one pass: the standard
library's ``html.parser`` rescans the rest of the page for every unterminated
``<a b='``, ``<!--`` or ``<x`` (minutes for 200 KB) and raises on ``<![foo[``.
As in browsers, a comment, tag or declaration left open runs to the end of the
page, and ``<`` before anything but a letter, ``/``, ``!`` or ``?`` is text.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from annotator.core.doc_meta import with_date_and_outlet
from annotator.core.model import ParsedDocument, title_from_text

_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "header",
    "menu",
}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "blockquote",
    "pre",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "figure",
    "main",
    "ul",
    "ol",
    "table",
    "figcaption",
    "hr",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}
_SPACES = re.compile(r"\s+")


_TAG_OPEN = re.compile(r"<(/?)([a-zA-Z][^\s/>\x00]*)")
#: The rest of a tag up to its ``>``; a quoted value left open runs to the end (then no match).
_TAG_REST = re.compile(r"""(?:[^>"'=]++|=\s*+(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|)|["'])*+>""")
_ATTR = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT = {name: re.compile(rf"</{name}[\s/>]", re.I) for name in ("script", "style")}


class _Reader:
    """Walks the page once, calling the handlers below for each tag and stretch of text."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()  # tag -> how many are open: ``_in`` in constant time
        self.skip_depth = 0
        self.paragraphs: list[tuple[str, bool, str]] = []  # (text, in_article, kind)
        self.buffer: list[str] = []
        self.title_parts: list[str] = []
        self.h1 = ""
        self.meta: dict[str, str] = {}

    @property
    def title(self) -> str:
        return "".join(self.title_parts)

    def feed(self, text: str) -> None:
        """Read a whole page (one call: constructs left open run to its end)."""
        pos, n = 0, len(text)
        while pos < n:
            lt = text.find("<", pos)
            if lt < 0:
                self.handle_data(html.unescape(text[pos:]))
                break
            if lt > pos:
                self.handle_data(html.unescape(text[pos:lt]))
            if text.startswith("<!--", lt):
                end = text.find("-->", lt + 4)
                pos = n if end < 0 else end + 3
                continue
            tag = _TAG_OPEN.match(text, lt)
            if tag is None:
                if text.startswith(("<!", "<?", "</"), lt):  # declarations, bogus comments
                    end = text.find(">", lt + 2)
                    pos = n if end < 0 else end + 1
                else:
                    self.handle_data("<")
                    pos = lt + 1
                continue
            rest = _TAG_REST.match(text, tag.end())
            if rest is None:  # a tag open at the end of the page is dropped
                break
            pos = rest.end()
            name = tag.group(2).lower()
            if tag.group(1):
                self.handle_endtag(name)
                continue
            body = text[tag.end() : rest.end() - 1]
            self.handle_starttag(name, _attributes(body))
            if body.endswith("/"):
                self.handle_endtag(name)
            elif name in _RAW_TEXT:  # script and style: nothing inside is markup
                close = _RAW_TEXT[name].search(text, pos)
                pos = n if close is None else close.start()

    def _in(self, tag: str) -> bool:
        return self.open[tag] > 0

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if not text:
            return
        kind = "caption" if self._in("figcaption") else "heading" if self._in("h1") else "text"
        self.paragraphs.append((text, self._in("article") or self._in("main"), kind))
        if kind == "heading" and not self.h1:
            self.h1 = text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            key = values.get("property") or values.get("name")
            if (
                key
                and values.get("content")
                and key in {"author", "og:title", "og:site_name", "article:published_time", "date"}
            ):
                self.meta[key] = values["content"] or ""
            return
        if tag == "time" and "time" not in self.meta:  # the first <time datetime="…">
            stamp = dict(attrs).get("datetime")
            if stamp:
                self.meta["time"] = stamp
        if tag in _VOID:
            if tag in _BLOCK and not self.skip_depth:
                self._flush()
            return
        if tag in _BLOCK and not self.skip_depth:
            self._flush()
        self.stack.append(tag)
        self.open[tag] += 1
        if tag in _SKIP or (tag == "title"):
            self.skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if not self._in(tag):
            return
        if tag in _BLOCK and not self.skip_depth:
            self._flush()
        while self.stack:
            top = self.stack.pop()
            self.open[top] -= 1
            if top in _SKIP or top == "title":
                self.skip_depth -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title_parts.append(data)
        elif not self.skip_depth:
            self.buffer.append(data)

    def close(self) -> None:
        self._flush()


def _attributes(body: str) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for m in _ATTR.finditer(body):
        value = next((v for v in m.group(2, 3, 4) if v is not None), None)
        out.append((m.group(1).lower(), None if value is None else html.unescape(value)))
    return out


def parse_html(text: str, path: Path) -> ParsedDocument | None:
    """The page's article text, paragraph by paragraph; None when it has no text."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    paragraphs = reader.paragraphs
    if any(in_article for _, in_article, _ in paragraphs):
        paragraphs = [p for p in paragraphs if p[1]]
    body = [t for t, _, kind in paragraphs if kind != "caption"]
    captions = [t for t, _, kind in paragraphs if kind == "caption"]
    headline = reader.h1 or _SPACES.sub(" ", reader.title).strip()
    if headline and headline not in body[:1]:
        body.insert(0, headline)
    if not "".join(body).strip():
        return None
    doc_text = "\n\n".join(body)
    meta: dict[str, object] = with_date_and_outlet(reader.meta)
    if captions:
        meta["captions"] = captions
    return ParsedDocument(
        text=doc_text, title=headline or title_from_text(doc_text), meta=meta, origin=path.name
    )
