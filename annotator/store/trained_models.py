"""Trained models kept inside the project file (table ``trained_models``, schema 8).

A model's vocabulary holds words of the articles it learnt from; kept as a row of
the project, it is encrypted whenever the project is (#19), travels with it and
is never written as a plain folder. Rows are the pipeline's bytes and config
text with the provenance ``annotator train`` writes beside a folder model.
Merges do not copy them: a model belongs to the project that trained it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from annotator.store.store import Store

#: The name ``annotator train`` and the app keep the attribution model under.
ATTRIBUTION = "attribution"


@dataclass(slots=True, frozen=True)
class StoredModel:
    """One model kept in the project: what it is, how it was made, and its bytes."""

    name: str
    task: str
    version: str
    provenance: dict[str, Any]
    config: str
    saved_at: str
    model: bytes = field(repr=False, compare=False)


@dataclass(slots=True, frozen=True)
class StoredModelSummary:
    """A stored model without its bytes: for listings."""

    name: str
    task: str
    version: str
    saved_at: str
    size: int


def save_model(
    store: Store, name: str, task: str, provenance: dict[str, Any], config: str, model: bytes
) -> StoredModel:
    """Keep ``model`` under ``name``, replacing the one there in one transaction."""
    saved_at = datetime.now(UTC).isoformat(timespec="seconds")
    version = str(provenance.get("version", ""))
    with store.transaction():
        store.db.execute(
            "INSERT OR REPLACE INTO trained_models "
            "(name, task, version, provenance, config, model, saved_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                name,
                task,
                version,
                json.dumps(provenance, ensure_ascii=False),
                config,
                model,
                saved_at,
            ],
        )
    return StoredModel(name, task, version, provenance, config, saved_at, model)


def load_model(store: Store, name: str) -> StoredModel | None:
    """The model kept under ``name``, or None when the project holds none by that name."""
    row = store.db.execute(
        "SELECT name, task, version, provenance, config, saved_at, model "
        "FROM trained_models WHERE name = ?",
        [name],
    ).fetchone()
    if row is None:
        return None
    name, task, version, provenance, config, saved_at, model = row
    return StoredModel(name, task, version, json.loads(provenance), config, saved_at, bytes(model))


def list_models(store: Store) -> list[StoredModelSummary]:
    """Every model kept in the project, by name."""
    rows = store.db.execute(
        "SELECT name, task, version, saved_at, length(model) FROM trained_models ORDER BY name"
    )
    return [StoredModelSummary(*row) for row in rows]


def delete_model(store: Store, name: str) -> bool:
    """Forget the model kept under ``name``; whether there was one."""
    with store.transaction():
        cur = store.db.execute("DELETE FROM trained_models WHERE name = ?", [name])
    return bool(cur.rowcount)
