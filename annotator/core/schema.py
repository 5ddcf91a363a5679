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

from annotator.core.keys import RESERVED_KEYS, WORKBENCH_KEYS, normal_key

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

    def roles(self) -> Roles:
        """Which labels are the source, the cue and the claim: the one place that says so."""
        return label_roles(self)


@dataclass(slots=True, frozen=True)
class Roles:
    """The labels playing source, cue and claim in the schema's stance relation.

    Every part of the workbench that treats a label by its role (the list's
    Claims and Sources columns, how a claim is drawn, what accepting a proposal
    creates) asks this, so a schema that renames CLAIM still counts claims.
    An empty name means the schema has no such role.
    """

    source: str = ""
    cue: str = ""
    claim: str = ""
    relation: RelationType | None = None

    def labels(self) -> tuple[str, str, str]:
        """(source, cue, claim) label names."""
        return self.source, self.cue, self.claim

    def of(self, role: str) -> str:
        """The label of ``"source"``, ``"cue"`` or ``"claim"``."""
        return {"source": self.source, "cue": self.cue, "claim": self.claim}[role]


def label_roles(schema: Schema) -> Roles:
    """Roles from the schema's first relation: ``from`` is the source, ``via`` the cue, ``to``
    the claim. A schema with no relation has no roles (every name empty)."""
    if not schema.relations:
        return Roles()
    relation = schema.relations[0]
    return Roles(relation.source, relation.via or "", relation.target, relation)


_DEFAULT_ROLES: list[Roles] = []


def default_roles() -> Roles:
    """The roles of the default schema file (read once), for callers given no schema."""
    if not _DEFAULT_ROLES:
        _DEFAULT_ROLES.append(label_roles(load_schema()))
    return _DEFAULT_ROLES[0]


def _need(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise SchemaError(f"{where}: missing '{key}'")
    return entry[key]


#: Larger than any real schema (the default is 3 KB); a bigger file is refused unread.
MAX_SCHEMA_BYTES = 1_000_000
_TOP = ("version", "labels", "attributes", "relations", "entities", "document")
_LABEL = ("name", "key", "colour", "description", "trim_leading")
_ATTRIBUTE = ("name", "on", "values", "key", "keys", "description")
_RELATION = ("name", "from", "to", "via", "labels", "keys", "description")
_ENTITIES = ("promote_key", "promote_to", "attribute", "attribute_values")
_DOCUMENT = ("name", "values", "description")


def _known(entry: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in entry:
        if key not in allowed:
            raise SchemaError(f"{where}: unknown setting {key!r} (known: {', '.join(allowed)})")


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SchemaError(f"{where}: must be a table of settings, not {value!r}")
    return value


def _tables(data: dict[str, Any], section: str, name: str) -> list[Any]:
    value = data.get(section, [])
    if not isinstance(value, list):
        raise SchemaError(f"{name}: '{section}' must be a list of [[{section}]] tables")
    return value


def _text(entry: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    """A string setting; ``default`` None means it is required and may not be empty."""
    if key not in entry:
        if default is None:
            raise SchemaError(f"{where}: missing '{key}'")
        return default
    value = entry[key]
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise SchemaError(f"{where}: '{key}' must be a non-empty string, not {value!r}")
    return value


def _texts(entry: dict[str, Any], key: str, where: str, required: bool = False) -> tuple[str, ...]:
    """A list of distinct non-empty strings (``values = "yes"`` is a mistake, not y, e, s)."""
    if key not in entry:
        if required:
            raise SchemaError(f"{where}: missing '{key}'")
        return ()
    value = entry[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SchemaError(
            f'{where}: \'{key}\' must be a list of strings, like ["yes", "no"], not {value!r}'
        )
    if required and not value:
        raise SchemaError(f"{where}: '{key}' needs at least one entry")
    if len(set(value)) != len(value):
        raise SchemaError(f"{where}: '{key}' lists a value twice")
    return tuple(value)


def _key(value: Any, where: str) -> str:
    """A key is one printable, non-blank character; letters compare in upper case."""
    if not isinstance(value, str) or len(value) != 1:
        raise SchemaError(f"{where}: key must be a single character, not {value!r}")
    if not value.isprintable() or value.isspace():
        raise SchemaError(f"{where}: key must be a printable character, not {value!r}")
    return normal_key(value)


def _keys(
    entry: dict[str, Any], count: int, what: str, where: str, required: bool
) -> tuple[str, ...]:
    """The ``keys`` list of an attribute or relation: one key per value, all different."""
    if "keys" not in entry:
        if required:
            raise SchemaError(f"{where}: missing 'keys' (one key per {what}, {count} in all)")
        return ()
    raw = entry["keys"]
    if not isinstance(raw, list):
        raise SchemaError(f"{where}: 'keys' must be a list of single characters, not {raw!r}")
    keys = tuple(_key(k, where) for k in raw)
    if len(keys) != count:
        raise SchemaError(
            f"{where}: 'keys' must have one key per {what} ({count}), not {len(keys)}"
        )
    if len(set(keys)) != len(keys):
        raise SchemaError(f"{where}: 'keys' lists a key twice")
    return keys


class _Lines:
    """Where each entry of a schema file starts, for messages that name the line."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._found: dict[str, list[int]] = {}

    def _header_lines(self, pattern: str) -> list[int]:
        """Line numbers of the headers matching ``pattern``, found once per pattern."""
        if pattern not in self._found:
            lines, line, last = [], 1, 0
            for match in re.finditer(pattern, self.text, re.MULTILINE):
                line += self.text.count("\n", last, match.start())
                last = match.start()
                lines.append(line)
            self._found[pattern] = lines
        return self._found[pattern]

    def where(self, section: str, index: int | None = None, what: str = "") -> str:
        """``file:line: section[index] (name)``; without the line when it cannot be found."""
        if index is None:
            pattern = rf"^[ \t]*\[[ \t]*{section}[ \t]*\]"
            label = f"[{section}]"
        else:
            pattern = rf"^[ \t]*\[\[[ \t]*{section}[ \t]*\]\]"
            label = f"{section}[{index}]" + (f" ({what})" if what else "")
        lines = self._header_lines(pattern)
        index = index or 0
        if index < len(lines):
            return f"{self.name}:{lines[index]}: {label}"
        return f"{self.name}: {label}"


class _KeyBook:
    """Which single keys a schema has taken so far, and by what."""

    def __init__(self) -> None:
        self.used: dict[str, str] = {}

    def refuse_taken(self, key: str, where: str) -> None:
        if key in RESERVED_KEYS:
            raise SchemaError(
                f"{where}: key '{key}' is reserved by the workbench ({WORKBENCH_KEYS[key]})"
            )
        if key in self.used:
            raise SchemaError(f"{where}: key '{key}' is already used by {self.used[key]}")

    def claim(self, key: str, owner: str, where: str) -> None:
        self.refuse_taken(key, where)
        self.used[key] = owner


def _parse_labels(data: dict[str, Any], name: str, lines: _Lines, keys: _KeyBook) -> list[Label]:
    labels: list[Label] = []
    raw_labels = _tables(data, "labels", name)
    if not raw_labels:
        raise SchemaError(f"{name}: needs at least one [[labels]] entry")
    names: set[str] = set()
    for i, raw in enumerate(raw_labels):
        where = lines.where("labels", i)
        entry = _table(raw, where)
        lname = _text(entry, "name", where)
        where = lines.where("labels", i, lname)
        _known(entry, _LABEL, where)
        if lname in names:
            raise SchemaError(f"{where}: label defined twice")
        names.add(lname)
        key = _key(_need(entry, "key", where), where)
        keys.claim(key, lname, where)
        colour = _text(entry, "colour", where, "#777777")
        if not _COLOUR.match(colour):
            raise SchemaError(f"{where}: colour must look like #1f6fd1, not {colour!r}")
        trims = _texts(entry, "trim_leading", where)
        labels.append(Label(lname, key, colour, _text(entry, "description", where, ""), trims))
    return labels


#: (label, key) -> (attribute name, where it was defined): the keys that set attribute values
_ValueKeys = dict[tuple[str, str], tuple[str, str]]


def _parse_attributes(
    data: dict[str, Any], name: str, lines: _Lines, keys: _KeyBook, names: set[str]
) -> tuple[list[Attribute], _ValueKeys]:
    attributes: list[Attribute] = []
    value_keys: _ValueKeys = {}
    defined: set[tuple[str, str]] = set()
    for i, raw in enumerate(_tables(data, "attributes", name)):
        where = lines.where("attributes", i)
        entry = _table(raw, where)
        aname = _text(entry, "name", where)
        where = lines.where("attributes", i, aname)
        _known(entry, _ATTRIBUTE, where)
        on = _text(entry, "on", where)
        if on not in names:
            raise SchemaError(f"{where}: 'on' names unknown label {on!r}")
        if (on, aname) in defined:
            raise SchemaError(f"{where}: attribute defined twice on {on}")
        defined.add((on, aname))
        values = _texts(entry, "values", where, required=True)
        key = _key(entry["key"], where) if "key" in entry else ""
        if key:
            keys.claim(key, aname, where)
        value_key_list = _keys(entry, len(values), "value", where, required=False)
        for k in value_key_list:
            if (on, k) in value_keys:
                raise SchemaError(
                    f"{where}: key '{k}' already sets a value of {value_keys[on, k][0]} on {on}"
                )
            value_keys[on, k] = (aname, where)
        attributes.append(
            Attribute(
                aname, on, values, key, value_key_list, _text(entry, "description", where, "")
            )
        )
    return attributes, value_keys


def _parse_relations(
    data: dict[str, Any], name: str, lines: _Lines, names: set[str]
) -> list[tuple[RelationType, str]]:
    relations: list[tuple[RelationType, str]] = []
    for i, raw in enumerate(_tables(data, "relations", name)):
        where = lines.where("relations", i)
        entry = _table(raw, where)
        rname = _text(entry, "name", where)
        where = lines.where("relations", i, rname)
        _known(entry, _RELATION, where)
        ends = [_text(entry, "from", where), _text(entry, "to", where)]
        via = _text(entry, "via", where, "") or None
        for end in [*ends, *([via] if via else [])]:
            if end not in names:
                raise SchemaError(f"{where}: refers to unknown label {end!r}")
        rlabels = _texts(entry, "labels", where, required=True)
        rkeys = _keys(entry, len(rlabels), "label", where, required=True)
        description = _text(entry, "description", where, "")
        relation = RelationType(rname, ends[0], ends[1], via, rlabels, rkeys, description)
        relations.append((relation, where))
    return relations


def _parse_entities(
    data: dict[str, Any],
    lines: _Lines,
    keys: _KeyBook,
    names: set[str],
    attributes: list[Attribute],
) -> tuple[str, str, str, dict[str, str]]:
    """The [entities] table: promote key, target label, attribute and entity -> value."""
    if "entities" not in data:
        return "", "", "", {}
    where = lines.where("entities")
    ent = _table(data["entities"], where)
    _known(ent, _ENTITIES, where)
    promote_key = _key(_need(ent, "promote_key", where), where)
    keys.claim(promote_key, "entity promotion", where)
    promote_to = _text(ent, "promote_to", where)
    if promote_to not in names:
        raise SchemaError(f"{where}: promote_to names unknown label {promote_to!r}")
    promote_attribute = _text(ent, "attribute", where, "")
    mapping = _table(ent.get("attribute_values", {}), f"{where} attribute_values")
    if not (promote_attribute or mapping):
        return promote_key, promote_to, promote_attribute, {}
    target = next(
        (a for a in attributes if (a.on, a.name) == (promote_to, promote_attribute)), None
    )
    if target is None:
        raise SchemaError(
            f"{where}: 'attribute' must name an attribute of {promote_to}, "
            f"not {promote_attribute!r}"
        )
    for entity, value in mapping.items():
        if value not in target.values:
            raise SchemaError(
                f"{where}: attribute_values.{entity} must be one of the values of "
                f"{promote_attribute}, not {value!r}"
            )
    return promote_key, promote_to, promote_attribute, dict(mapping)


def _check_shared_keys(
    keys: _KeyBook, value_keys: _ValueKeys, relations: list[tuple[RelationType, str]]
) -> None:
    """Digits and other value keys are shared by design: on the relation's target label a
    key sets the stance, elsewhere the attribute value; they may not shadow any other key."""
    for (_on, key), (_name, where) in value_keys.items():
        keys.refuse_taken(key, where)
    for relation, where in relations:
        for key in relation.keys:
            keys.refuse_taken(key, where)
            if (relation.target, key) in value_keys:
                raise SchemaError(
                    f"{where}: key '{key}' also sets {value_keys[relation.target, key][0]} "
                    f"on {relation.target}"
                )


def parse_schema(data: dict[str, Any], path: str = "", text: str = "") -> Schema:
    """Build and check a schema from decoded TOML; ``text`` lets errors name the line."""
    name = path or "schema"
    lines = _Lines(text, name)
    _known(data, _TOP, name)
    if data.get("version", 1) != 1:
        raise SchemaError(f"{name}: version must be 1, not {data['version']!r}")
    keys = _KeyBook()
    labels = _parse_labels(data, name, lines, keys)
    names = {label.name for label in labels}
    attributes, value_keys = _parse_attributes(data, name, lines, keys, names)
    relations = _parse_relations(data, name, lines, names)
    promote_key, promote_to, promote_attribute, promote_values = _parse_entities(
        data, lines, keys, names, attributes
    )
    _check_shared_keys(keys, value_keys, relations)
    document_field, document_values = "", ()
    if "document" in data:
        where = lines.where("document")
        doc = _table(data["document"], where)
        _known(doc, _DOCUMENT, where)
        document_field = _text(doc, "name", where, "")
        document_values = _texts(doc, "values", where)
    return Schema(
        labels=tuple(labels),
        attributes=tuple(attributes),
        relations=tuple(r for r, _ in relations),
        promote_key=promote_key,
        promote_to=promote_to,
        promote_attribute=promote_attribute,
        promote_values=promote_values,
        document_field=document_field,
        document_values=document_values,
        path=path,
    )


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
