"""What a label schema is: span labels, attributes, relation types, and the roles they play.

Plain data with no reading: ``schema_parse`` builds these from TOML and
``schema`` loads the files (and re-exports every name here).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
