"""annotator: an offline workbench for labelling who claims what in news articles."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("annotator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+src"
