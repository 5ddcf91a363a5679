"""Reading a label schema from decoded TOML: every entry checked, every error naming its line.

An invalid file raises ``SchemaError`` naming the bad entry; the caller keeps
the schema it had. ``schema`` re-exports ``parse_schema``.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.core.keys import RESERVED_KEYS, WORKBENCH_KEYS, normal_key
from annotator.core.schema_types import Attribute, Label, RelationType, Schema, SchemaError

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _need(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise SchemaError(f"{where}: missing '{key}'")
    return entry[key]


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
