"""``annotator import`` of an encrypted export archive (``.age``), read in memory.

The archive is opened with a passphrase or an age identity, and its files (the
one file, or each member of the tar inside) are read by the same readers as files
on disk (JSONL, CSV, text, HTML), without the plain text ever being written out.
Each member is stored in one transaction, like a file.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from annotator.core.model import ParsedDocument, title_from_text
from annotator.io import age, brat, csvfile, html, jsonl, textdump
from annotator.io.archive_export import ArchiveKey, inner_name
from annotator.io.decoding import decode, storable
from annotator.io.importer import FileResult, set_language
from annotator.io.problems import Problem, UnreadableFile
from annotator.store import Store

_BY_SUFFIX = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".txt": "dump", ".text": "dump",
}  # fmt: skip


def is_archive(path: Path) -> bool:
    """Whether ``path`` is an age file (by its first bytes; a folder is not)."""
    try:
        with open(path, "rb") as fh:
            return age.is_age(fh.read(len(age.MAGIC) + 1))
    except OSError:
        return False


def members(
    path: Path, key: ArchiveKey | None, identities: list[str]
) -> Iterator[tuple[Path, bytes]]:
    """(name shown in messages, bytes) of each file in the archive; ``age.AgeError`` if closed."""
    data = age.decrypt(
        path.read_bytes(),
        passphrase=key.passphrase if key else None,
        identities=identities,
    )
    buffer = io.BytesIO(data)
    if len(data) >= 512 and tarfile.is_tarfile(buffer):
        buffer.seek(0)
        with tarfile.open(fileobj=buffer, mode="r:") as tar:
            for info in tar:
                if not info.isfile():
                    continue
                name = PurePosixPath(info.name)
                fh = tar.extractfile(info)
                if fh is not None and not name.name.startswith("."):
                    yield path / Path(*name.parts), fh.read()
        return
    yield path.with_name(inner_name(path)), data


def _parse(
    name: Path, fmt: str, text: str, text_column: str | None
) -> list[ParsedDocument | Problem]:
    if fmt == "jsonl":
        return list(jsonl.parse_jsonl(text, name))
    if fmt == "csv":
        return list(csvfile.parse_csv(text, name, text_column))
    if fmt == "html":
        doc = html.parse_html(text, name)
        return [doc] if doc else []
    return list(textdump.parse_dump(text, name))


def import_member(
    store: Store,
    name: Path,
    data: bytes,
    *,
    fmt: str | None = None,
    text_column: str | None = None,
    encoding: str | None = None,
    language: str | None = None,
) -> FileResult | None:
    """Store one file of an archive in one transaction; None for a file of no known format."""
    kind = fmt or _BY_SUFFIX.get(name.suffix.lower())
    if kind not in ("jsonl", "csv", "html", "dump", "txt"):
        return None
    result = FileResult(name, kind)
    try:
        decoded = decode(data, name, encoding=encoding)
        result.note = decoded.note
        items = _parse(name, kind, decoded.text, text_column)
        if not items:
            raise UnreadableFile(name, "holds no article text")
    except UnreadableFile as exc:
        result.error = exc.reason
        return result
    docs = []
    for item in items:
        reason = item.reason if isinstance(item, Problem) else item.validate()
        if reason:
            line = item.line if isinstance(item, ParsedDocument) else None
            result.problems.append(
                item if isinstance(item, Problem) else Problem(name, reason, line)
            )
            continue
        assert isinstance(item, ParsedDocument)
        item.origin = storable(item.origin)
        set_language(item, language)
        docs.append(item)
    return _store(store, result, docs)


def _store(store: Store, result: FileResult, docs: list[ParsedDocument]) -> FileResult:
    """Add ``docs`` in one transaction and count them on ``result``."""
    try:
        added = store.add_documents(docs)
    except Exception as exc:  # the transaction rolled back: nothing from this member is stored
        result.error = f"could not be stored, nothing from it was kept ({exc})"
        return result
    result.imported, result.duplicates = len(added.ids), added.duplicates
    result.updated, result.layers = len(added.updated), added.layers
    result.spans, result.relations = added.spans, added.relations
    return result


def _anns_of(txt: Path, anns: dict[Path, bytes]) -> list[tuple[Path, str, bytes]]:
    """The ``.ann`` members beside a ``.txt`` member, with the analyst their names give
    (``NAME.ann``: none; ``NAME_ANALYST.ann``), as ``brat.ann_files_for`` finds them on disk."""
    found = []
    for ann, data in sorted(anns.items()):
        if ann.parent != txt.parent:
            continue
        if ann.stem == txt.stem:
            found.append((ann, "", data))
        elif ann.stem.startswith(txt.stem + "_"):
            found.append((ann, ann.stem[len(txt.stem) + 1 :], data))
    return found


def _import_brat(
    store: Store,
    txt: Path,
    data: bytes,
    anns: list[tuple[Path, str, bytes]],
    language: str | None,
) -> FileResult:
    """A brat text with its annotations, from memory (what ``brat.parse_brat`` does on disk)."""
    result = FileResult(txt, "brat")
    try:
        text = decode(data, txt, keep_newlines=True).text
        doc = ParsedDocument(text=text, title=title_from_text(text), origin=txt.name, line=1)
        for ann_path, analyst, ann_data in anns:
            ann_text = decode(ann_data, ann_path, keep_newlines=True).text
            ann = brat.parse_ann(ann_text, ann_path, text, analyst)
            if ann.refused is not None:
                result.error = f"{ann_path.name}: {ann.refused.reason}; fix it and import again"
                return result
            offset = len(doc.spans)
            doc.spans.extend(ann.spans)
            for rel in ann.relations:
                rel.source = None if rel.source is None else rel.source + offset
                rel.claim += offset
                rel.cue = None if rel.cue is None else rel.cue + offset
                doc.relations.append(rel)
            result.problems += ann.problems
            doc.meta.setdefault("brat_files", []).append(storable(ann_path.name))
    except UnreadableFile as exc:
        result.error = exc.reason
        return result
    reason = doc.validate()
    if reason:
        result.error = reason
        return result
    doc.origin = storable(doc.origin)
    set_language(doc, language)
    return _store(store, result, [doc])


def import_archive(
    store: Store,
    path: Path,
    key: ArchiveKey | None,
    identities: list[str],
    **options: str | None,
) -> tuple[list[FileResult], list[Path]]:
    """Import every readable file of one archive: the results, and the members ignored.

    A closed archive (wrong passphrase, no identity, damage) is one result with the
    sentence as its error.
    """
    results: list[FileResult] = []
    ignored: list[Path] = []
    try:
        files = dict(members(path, key, identities))
        anns = {name: data for name, data in files.items() if name.suffix.lower() == ".ann"}
        for name, data in files.items():
            if name in anns:
                continue
            found = _anns_of(name, anns) if name.suffix.lower() == ".txt" else []
            if found:
                result = _import_brat(store, name, data, found, options.get("language"))
            else:
                result = import_member(store, name, data, **options)  # type: ignore[arg-type]
            if result is None:
                ignored.append(name)
            else:
                results.append(result)
    except age.AgeError as exc:
        hint = ""
        if not key and not identities:
            hint = (
                "; give --archive-passphrase-file FILE, ANNOTATOR_ARCHIVE_PASSPHRASE or --identity"
            )
        results.append(FileResult(path, "age", error=f"cannot be opened: {exc}{hint}"))
    except (OSError, tarfile.TarError) as exc:
        results.append(FileResult(path, "age", error=f"cannot be read ({exc})"))
    return results, ignored
