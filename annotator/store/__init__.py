"""The project file: one SQLite database, opened and migrated in one place."""

from annotator.store import lean_sqlite_utils  # noqa: F401  # first: sqlite_utils, no numpy
from annotator.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]
