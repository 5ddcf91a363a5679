"""``agreement --analysts/--labels``: a name the project does not have is refused, said."""

from __future__ import annotations

from annotator.core.names import unknown_names
from annotator.store import Store
from annotator.teams.layers import schema_labels


def unknown_choice(
    store: Store, analysts: list[str] | None, labels: list[str] | None
) -> str | None:
    """The sentence naming the unknown analysts (or labels) and the known ones, or None."""
    if analysts and (problem := unknown_names(
        analysts, store.analysts(), option="--analysts", what="analyst", where="this project"
    )):  # fmt: skip
        return problem
    if labels:
        return unknown_names(
            labels, schema_labels(store), option="--labels", what="label",
            where="this project's schema",
        )  # fmt: skip
    return None
