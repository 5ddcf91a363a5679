"""The label schema: span labels, their keys and colours, attributes and relation labels.

Read from a TOML file. An invalid file raises ``SchemaError`` naming the bad
entry; the caller keeps the schema it had. This module finds and reads the
files (the project's, the last good one, the default); what a schema is lives in
``schema_types`` and the checks of its entries in ``schema_parse``, and every
name of both is importable from here.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

from annotator.core.schema_parse import parse_schema
from annotator.core.schema_types import (
    Attribute,
    Label,
    RelationType,
    Roles,
    Schema,
    SchemaError,
    label_roles,
)

__all__ = [
    "LAST_GOOD_SETTING",
    "MAX_SCHEMA_BYTES",
    "SCHEMA_SETTING",
    "Attribute",
    "Label",
    "RelationType",
    "Roles",
    "Schema",
    "SchemaError",
    "decode_schema",
    "default_roles",
    "default_schema_text",
    "label_roles",
    "load_project_schema",
    "load_schema",
    "parse_schema",
    "read_schema_text",
    "schema_from_text",
]

_DEFAULT_ROLES: list[Roles] = []


def default_roles() -> Roles:
    """The roles of the default schema file (read once), for callers given no schema."""
    if not _DEFAULT_ROLES:
        _DEFAULT_ROLES.append(label_roles(load_schema()))
    return _DEFAULT_ROLES[0]


#: Larger than any real schema (the default is 3 KB); a bigger file is refused unread.
MAX_SCHEMA_BYTES = 1_000_000
SCHEMA_SETTING = "schema.path"
LAST_GOOD_SETTING = "schema.last_good"


def default_schema_text() -> str:
    """The TOML of the schema shipped with the app."""
    return (resources.files("annotator.resources") / "schema.toml").read_text(encoding="utf-8")


def decode_schema(data: bytes, where: str) -> str:
    """A schema file's bytes as text: UTF-8 (a BOM is allowed), else a ``SchemaError``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SchemaError(f"{where}: is UTF-16 text; save the schema as UTF-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SchemaError(
            f"{where}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save the schema as UTF-8"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SchemaError(f"{where}:{line}: holds NUL bytes (UTF-16?); save the schema as UTF-8")
    return text


def read_schema_text(path: str | Path) -> str:
    """A schema file's text, or ``SchemaError`` saying why it cannot be read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SCHEMA_BYTES + 1)
    except OSError as exc:
        raise SchemaError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise SchemaError(
            f"{path}: is larger than {MAX_SCHEMA_BYTES:,} bytes; is it really a schema?"
        )
    return decode_schema(data, str(path))


def load_schema(path: str | Path | None = None) -> Schema:
    """Read a schema file, or the default one shipped with the app."""
    if path is None:
        return schema_from_text(default_schema_text(), "default schema.toml")
    return schema_from_text(read_schema_text(path), str(path))


def load_project_schema(path: str | None, last_good: str | None) -> tuple[Schema, str, str | None]:
    """The project's schema as ``(schema, toml_text, problem)``.

    When the file is missing or invalid, the last schema that loaded (its
    text is kept in the project) is used instead and ``problem`` says why;
    when that no longer passes the checks either, the default schema is.
    """
    if not path:
        return load_schema(), default_schema_text(), None
    try:
        text = read_schema_text(path)
        return schema_from_text(text, path), text, None
    except SchemaError as exc:
        problem = str(exc)
    if last_good:
        try:
            return schema_from_text(last_good, "last good schema"), last_good, problem
        except SchemaError as exc:
            problem += f"; the last good schema is refused too ({exc}), so the default is used"
    return load_schema(), default_schema_text(), problem


_TOML_WHERE = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")


def schema_from_text(text: str, where: str) -> Schema:
    """Parse and check schema TOML; ``where`` names it in errors (with the line)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_WHERE.match(str(exc))
        if found:
            reason, line, column = found.groups()
            raise SchemaError(
                f"{where}:{line}: not valid TOML ({reason}, column {column})"
            ) from None
        raise SchemaError(f"{where}: not valid TOML ({exc})") from None
    except RecursionError:
        raise SchemaError(f"{where}: nested too deeply to be a schema") from None
    return parse_schema(data, where, text)
