"""A document's date and outlet, from whatever its import brought along in ``meta``.

CSV columns keep their header names (``Published``, ``Source``), JSONL keeps its ``meta``
object and a saved web page its ``<meta>`` tags, so the keys vary. The importers add the
canonical ``date`` (ISO, ``YYYY-MM-DD``) and ``outlet`` keys with ``with_date_and_outlet``;
the claims view reads them back through ``document_date`` and ``document_outlet``, which
also understand files imported before the importers did this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

#: Keys that may hold the publication date, best first (compared without case or punctuation).
DATE_KEYS = (
    "date",
    "published",
    "publishedat",
    "publishedtime",
    "publicationdate",
    "datepublished",
    "articlepublishedtime",
    "pubdate",
    "time",
)
#: Keys that may hold the outlet's name, best first.
OUTLET_KEYS = ("outlet", "ogsitename", "sitename", "publisher", "source", "newspaper")

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\b|T)")
_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_WRITTEN = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y")


@lru_cache(maxsize=4096)
def _norm(key: str) -> str:
    return "".join(ch for ch in key.lower() if ch.isalnum())


def _valid(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def iso_date(value: Any) -> str:
    """``YYYY-MM-DD`` from the usual ways a date is written; "" when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value.strip()
    if m := _ISO.match(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _DOTTED.match(text):  # day.month.year, as European papers print it
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    for form in _WRITTEN:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    try:  # e-mail and RSS dates: "Tue, 05 Mar 2024 14:03:00 GMT"
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _values(meta: Mapping[str, Any], keys: tuple[str, ...]) -> list[Any]:
    by_key: dict[str, list[Any]] = {}
    for key, value in meta.items():
        by_key.setdefault(_norm(str(key)), []).append(value)
    return [v for k in keys for v in by_key.get(k, [])]


def document_date(meta: Mapping[str, Any]) -> str:
    """The first usable date among the date keys, as ``YYYY-MM-DD``; "" when none is."""
    given = meta.get("date")
    if isinstance(given, str) and _DAY.fullmatch(given) and iso_date(given):
        return given  # what the importers store: no need to look further
    return next((d for v in _values(meta, DATE_KEYS) if (d := iso_date(v))), "")


def document_outlet(meta: Mapping[str, Any]) -> str:
    """The first non-empty outlet name among the outlet keys; "" when there is none."""
    given = meta.get("outlet")
    if isinstance(given, str) and given.strip() and "\n" not in given:
        return " ".join(given.split())
    for value in _values(meta, OUTLET_KEYS):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def with_date_and_outlet(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` with canonical ``date`` and ``outlet`` added where they can be read.

    The original keys stay; a ``date`` or ``outlet`` the file already gave is never replaced.
    """
    out = dict(meta)
    if "date" not in out and (found := document_date(meta)):
        out["date"] = found
    if "outlet" not in out and (name := document_outlet(meta)):
        out["outlet"] = name
    return out
