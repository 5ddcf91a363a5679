"""``merge A.db --passphrase-file a.key B.db``: which passphrase opens which field file.

argparse cannot give an option to the positional just before it (a ``--passphrase-file``
between two inputs ends the list of inputs), so the command line is read once before
argparse: after ``merge``, a ``--passphrase-file`` that follows an input belongs to that
input and is taken out. One before every input (or before ``merge``) is the base
project's, and with ``ANNOTATOR_PASSPHRASE`` it is also used for every encrypted input
that has none of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

OPTION = "--passphrase-file"
#: Options of the merge command line that take a value (its value is not an input).
_VALUED = frozenset({"--db", OPTION})


def take_input_keys(argv: list[str]) -> tuple[list[str], dict[str, Path]]:
    """The command line without the per-input options, and input -> its passphrase file."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):  # the options before the command
        i += 2 if argv[i] in _VALUED else 1
    if i >= len(argv) or argv[i] != "merge":
        return argv, {}
    start = i + 1
    out, keys = argv[:start], {}
    last_input: str | None = None
    i = start
    while i < len(argv):
        token = argv[i]
        value = None
        if token == OPTION and i + 1 < len(argv):
            value, step = argv[i + 1], 2
        elif token.startswith(OPTION + "="):
            value, step = token.split("=", 1)[1], 1
        if value is not None and last_input is not None:
            keys[last_input] = Path(value)
            i += step
            continue
        if token in _VALUED:  # the option and its value pass through
            out += argv[i : i + 2]
            i += 2
            continue
        if not token.startswith("-"):
            last_input = token
        out.append(token)
        i += 1
    return out, keys


def input_passphrases(
    paths: list[Path], keys: Mapping[str, Path], shared: str | None
) -> dict[Path, str]:
    """Each encrypted input's passphrase: its own file's first line, else ``shared``."""
    from annotator.store.encryption import is_encrypted, read_passphrase_file

    found: dict[Path, str] = {}
    for path in paths:
        own = keys.get(str(path))
        if own is not None:
            found[path] = read_passphrase_file(own)
        elif shared is not None and path.is_file() and is_encrypted(path):
            found[path] = shared
    return found
