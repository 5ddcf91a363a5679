"""annotator: an offline workbench for labelling who claims what in news articles."""

from __future__ import annotations


def _installed_version() -> str:
    """The version in this package's installed metadata (``annotator-X.dist-info/METADATA``).

    Read directly: ``importlib.metadata`` finds the same file but imports ~30 ms of modules
    (email, csv, zipfile) that every start of the window would pay for.
    """
    import os
    import sys

    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip archive or a folder that does not exist
            continue
        for name in names:
            if (
                name.startswith("annotator-")
                and name[10:11].isdigit()
                and name.endswith(".dist-info")
            ):
                try:
                    with open(os.path.join(entry, name, "METADATA"), encoding="utf-8") as fh:
                        for line in fh:
                            if line.startswith("Version:"):
                                return line.partition(":")[2].strip()
                            if not line.strip():  # the headers end: no version given
                                break
                except OSError:
                    continue
    from importlib.metadata import PackageNotFoundError, version  # other installs (eggs, zips)

    try:
        return version("annotator")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+src"


__version__ = _installed_version()
