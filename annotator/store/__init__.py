"""The project file: one SQLite database, opened and migrated in one place."""

from annotator.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]
