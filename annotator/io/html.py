"""Saved web pages: the readable text only.

The page is parsed with the standard library's tokenizer: no script runs,
no style applies and nothing referenced by the page is fetched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

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


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.paragraphs: list[tuple[str, bool, str]] = []  # (text, in_article, kind)
        self.buffer: list[str] = []
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}

    def _in(self, tag: str) -> bool:
        return tag in self.stack

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
        if tag in _VOID:
            if tag in _BLOCK and not self.skip_depth:
                self._flush()
            return
        if tag in _BLOCK and not self.skip_depth:
            self._flush()
        self.stack.append(tag)
        if tag in _SKIP or (tag == "title"):
            self.skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        if tag in _BLOCK and not self.skip_depth:
            self._flush()
        while self.stack:
            top = self.stack.pop()
            if top in _SKIP or top == "title":
                self.skip_depth -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data
        elif not self.skip_depth:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


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
    meta: dict[str, object] = dict(reader.meta)
    if captions:
        meta["captions"] = captions
    return ParsedDocument(
        text=doc_text, title=headline or title_from_text(doc_text), meta=meta, origin=path.name
    )
