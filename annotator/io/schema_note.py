"""After an import: the spans and stances it brought whose labels the project's schema lacks.

They are kept (PolNeAR marks Discuss and Discard spans, which the default schema does not
know), so the analyst is told which, how many, and what to do about them.
"""

from __future__ import annotations

from collections import Counter

from annotator.core.schema import LAST_GOOD_SETTING, SCHEMA_SETTING, load_project_schema
from annotator.io.importer import ImportReport
from annotator.store import Store


def outside_schema(store: Store, report: ImportReport) -> str | None:
    """One sentence naming the labels outside the schema with their counts, or None."""
    schema, _text, _problem = load_project_schema(
        store.get_setting(SCHEMA_SETTING), store.get_setting(LAST_GOOD_SETTING)
    )
    known = {label.name for label in schema.labels}
    known_stances = {label for rel in schema.relations for label in rel.labels}
    spans: Counter[str] = Counter()
    stances: Counter[str] = Counter()
    for result in report.files:
        if result.error is None:
            spans.update({k: v for k, v in result.labels.items() if k not in known})
            stances.update({k: v for k, v in result.stances.items() if k not in known_stances})
    if not spans and not stances:
        return None
    parts = [f"{sum(spans.values())} span(s)"] if spans else []
    if stances:
        parts.append(f"{sum(stances.values())} stance(s)")
    where = schema.path or "the default schema"
    listing = ", ".join(f"{k} {n}" for k, n in sorted((spans + stances).items()))
    return (
        f"kept {' and '.join(parts)} with label(s) outside the schema ({where}): {listing}; "
        "add them to the schema (annotator config schema FILE) or relabel them"
    )
