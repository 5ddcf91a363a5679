"""The label schema: span labels, their keys and colours, attributes and relation labels.

Read from a TOML file. An invalid file raises ``SchemaError`` naming the bad
entry; the caller keeps the schema it had.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

#: Keys the workbench uses for itself; a schema may not take them.
RESERVED_KEYS = {"?", "N", "P", "D", "X", "L", "B", "0"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class SchemaError(ValueError):
    """The schema file is not usable; the message names the entry."""


@dataclass(slots=True, frozen=True)
class Label:
    name: str
    key: str
    colour: str
    description: str = ""
    #: Words dropped from the start of a new span (a CLAIM leaves out "that").
    trim_leading: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class Attribute:
    name: str
    on: str
    values: tuple[str, ...]
    key: str = ""
    value_keys: tuple[str, ...] = ()
    description: str = ""


@dataclass(slots=True, frozen=True)
class RelationType:
    name: str
    source: str
    target: str
    via: str | None
    labels: tuple[str, ...]
    keys: tuple[str, ...] = ()
    description: str = ""


@dataclass(slots=True, frozen=True)
class Schema:
    labels: tuple[Label, ...]
    attributes: tuple[Attribute, ...] = ()
    relations: tuple[RelationType, ...] = ()
    promote_key: str = ""
    promote_to: str = ""
    promote_attribute: str = ""
    promote_values: dict[str, str] = field(default_factory=dict)
    document_field: str = ""
    document_values: tuple[str, ...] = ()
    path: str = ""

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def attributes_of(self, label: str) -> list[Attribute]:
        return [a for a in self.attributes if a.on == label]

    def colour(self, label: str) -> str:
        found = self.label(label)
        return found.colour if found else "#777777"


def _need(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise SchemaError(f"{where}: missing '{key}'")
    return entry[key]


def _key(value: Any, where: str) -> str:
    if not isinstance(value, str) or len(value) != 1 or not value.strip():
        raise SchemaError(f"{where}: key must be a single character, not {value!r}")
    return value.upper()


def parse_schema(data: dict[str, Any], path: str = "") -> Schema:
    """Build and check a schema from decoded TOML."""
    name = Path(path).name or "schema"
    used: dict[str, str] = {}

    def claim_key(key: str, owner: str, where: str) -> None:
        if key in used:
            raise SchemaError(f"{where}: key '{key}' is already used by {used[key]}")
        if key in RESERVED_KEYS:
            raise SchemaError(f"{where}: key '{key}' is reserved by the workbench")
        used[key] = owner

    labels: list[Label] = []
    raw_labels = data.get("labels")
    if not isinstance(raw_labels, list) or not raw_labels:
        raise SchemaError(f"{name}: needs at least one [[labels]] entry")
    for i, entry in enumerate(raw_labels):
        lname = str(_need(entry, "name", f"{name}: labels[{i}]"))
        where = f"{name}: labels[{i}] ({lname})"
        if any(lab.name == lname for lab in labels):
            raise SchemaError(f"{where}: label defined twice")
        key = _key(_need(entry, "key", where), where)
        claim_key(key, lname, where)
        colour = str(entry.get("colour", "#777777"))
        if not _COLOUR.match(colour):
            raise SchemaError(f"{where}: colour must look like #1f6fd1, not {colour!r}")
        trims = tuple(str(w) for w in entry.get("trim_leading", []))
        labels.append(Label(lname, key, colour, str(entry.get("description", "")), trims))
    names = {lab.name for lab in labels}

    attributes: list[Attribute] = []
    for i, entry in enumerate(data.get("attributes", [])):
        aname = str(_need(entry, "name", f"{name}: attributes[{i}]"))
        where = f"{name}: attributes[{i}] ({aname})"
        on = str(_need(entry, "on", where))
        if on not in names:
            raise SchemaError(f"{where}: 'on' names unknown label {on!r}")
        values = tuple(str(v) for v in _need(entry, "values", where))
        if not values:
            raise SchemaError(f"{where}: needs at least one value")
        key = _key(entry["key"], where) if "key" in entry else ""
        if key:
            claim_key(key, aname, where)
        value_keys = tuple(str(k) for k in entry.get("keys", []))
        if value_keys and len(value_keys) != len(values):
            raise SchemaError(f"{where}: 'keys' must have one key per value")
        attributes.append(
            Attribute(aname, on, values, key, value_keys, str(entry.get("description", "")))
        )

    relations: list[RelationType] = []
    for i, entry in enumerate(data.get("relations", [])):
        rname = str(_need(entry, "name", f"{name}: relations[{i}]"))
        where = f"{name}: relations[{i}] ({rname})"
        ends = [str(_need(entry, "from", where)), str(_need(entry, "to", where))]
        via = entry.get("via")
        for end in [*ends, *([via] if via else [])]:
            if end not in names:
                raise SchemaError(f"{where}: refers to unknown label {end!r}")
        rlabels = tuple(str(v) for v in _need(entry, "labels", where))
        rkeys = tuple(str(k) for k in entry.get("keys", []))
        if rkeys and len(rkeys) != len(rlabels):
            raise SchemaError(f"{where}: 'keys' must have one key per label")
        relations.append(
            RelationType(
                rname, ends[0], ends[1], via, rlabels, rkeys, str(entry.get("description", ""))
            )
        )

    ent = data.get("entities", {})
    promote_key = ""
    if ent:
        where = f"{name}: [entities]"
        promote_key = _key(_need(ent, "promote_key", where), where)
        claim_key(promote_key, "entity promotion", where)
        if str(_need(ent, "promote_to", where)) not in names:
            raise SchemaError(f"{where}: promote_to names unknown label {ent['promote_to']!r}")
    doc = data.get("document", {})
    return Schema(
        labels=tuple(labels),
        attributes=tuple(attributes),
        relations=tuple(relations),
        promote_key=promote_key,
        promote_to=str(ent.get("promote_to", "")),
        promote_attribute=str(ent.get("attribute", "")),
        promote_values={str(k): str(v) for k, v in ent.get("attribute_values", {}).items()},
        document_field=str(doc.get("name", "")),
        document_values=tuple(str(v) for v in doc.get("values", [])),
        path=path,
    )


SCHEMA_SETTING = "schema.path"
LAST_GOOD_SETTING = "schema.last_good"


def default_schema_text() -> str:
    """The TOML of the schema shipped with the app."""
    return (resources.files("annotator.resources") / "schema.toml").read_text(encoding="utf-8")


def read_schema_text(path: str | Path) -> str:
    """A schema file's text, or ``SchemaError`` saying why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def load_schema(path: str | Path | None = None) -> Schema:
    """Read a schema file, or the default one shipped with the app."""
    if path is None:
        return schema_from_text(default_schema_text(), "default schema.toml")
    return schema_from_text(read_schema_text(path), str(path))


def load_project_schema(path: str | None, last_good: str | None) -> tuple[Schema, str, str | None]:
    """The project's schema as ``(schema, toml_text, problem)``.

    When the file is missing or invalid, the last schema that loaded (its
    text is kept in the project) is used instead and ``problem`` says why.
    """
    if not path:
        return load_schema(), default_schema_text(), None
    try:
        text = read_schema_text(path)
        return schema_from_text(text, path), text, None
    except SchemaError as exc:
        fallback = last_good or default_schema_text()
        return schema_from_text(fallback, "last good schema"), fallback, str(exc)


def schema_from_text(text: str, where: str) -> Schema:
    """Parse and check schema TOML; ``where`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{where}: not valid TOML ({exc})") from None
    try:
        return parse_schema(data, where)
    except (TypeError, AttributeError) as exc:
        raise SchemaError(f"{where}: malformed entry ({exc})") from None
