"""Plain data and rules. Nothing here imports Qt, spaCy or SQLite."""
