"""``annotator config suggester --language CODE [rules|model:DIR|both]``: the attribution
suggester for one language (#17), shown or set; the command line's side only."""

from __future__ import annotations

import argparse
import sys

from annotator.core.language import name, normalise
from annotator.nlp.language_suggesters import (
    is_default,
    save_language_choice,
    suggester_setting,
)
from annotator.nlp.model_suggester import ModelFolderError
from annotator.store import Store


def config_suggester_language(store: Store, args: argparse.Namespace) -> int:
    """Show or set the suggester of ``--language CODE``; English is the project's own."""
    given, *value = args.language
    wanted = value[0] if value and args.value is None else args.value
    code = normalise(given)
    if code is None:
        print(
            f"annotator: --language {given!r} is not an ISO 639-1 code such as ar or en",
            file=sys.stderr,
        )
        return 2
    if is_default(code):
        print(
            "annotator: English articles use the project's suggester: "
            "annotator config suggester rules|model:DIR|both",
            file=sys.stderr,
        )
        return 2
    if wanted is None:
        stored = store.get_setting(suggester_setting(code))
        print(
            f"suggester for {name(code)} = {stored}"
            if stored
            else f"suggester for {name(code)} is not set (its articles get no proposals)"
        )
        return 0
    try:
        text = save_language_choice(store, code, wanted)
    except ModelFolderError as exc:
        print(f"annotator: {exc}; {name(code)} keeps its current suggester", file=sys.stderr)
        return 2
    print(f"suggester for {name(code)} = {text}")
    return 0
