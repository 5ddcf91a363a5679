"""spaCy lives here: model resolution, entity pre-annotation. Nothing here imports Qt."""
