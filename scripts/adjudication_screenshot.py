"""Make docs/adjudication.png: the adjudication mode on the sample team project, 1280×800.

Usage: .venv/bin/python scripts/adjudication_screenshot.py [OUT.png] [--size WxH]

The sample team (``scripts/sample_team.py``: ana, ben and chloe on the project's
own sample articles) is built in a throw-away folder; on the ferry article the
unanimous units are taken into gold and its first disagreements settled (ana's
version, chloe's, none, and ana's stance with its cue and claim: six of ten),
through the commands the keys use; then
``annotator open --screenshot --view adjudicate`` draws the mode on that article.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from annotator.core.adjudication_commands import read_adjudication, take, take_unanimous
from annotator.core.history import History
from annotator.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_team import build_sample_team

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Ferry Operators"


def settle_some(db: Path) -> int:
    """Gold takes the unanimous units and settles two disagreements; returns the article."""
    with Store(db) as store:
        doc = next(i for i in store.document_ids() if store.document(i).title.startswith(ARTICLE))
        history = History(store)
        history.push(take_unanimous(doc, "gold"))
        units = read_adjudication(store, doc).disagreements
        history.push(take(doc, units[0].key, "ana", "gold"))  # "Private ferry operators"
        history.push(take(doc, units[1].key, "chloe", "gold"))  # chloe's query
        history.push(take(doc, units[2].key, None, "gold"))  # none for ben's left-out "He"
        history.push(take(doc, units[3].key, "ana", "gold"))  # a stance: its cue and claim too
        return doc


def main() -> int:
    args = sys.argv[1:]
    size = args[args.index("--size") + 1] if "--size" in args else "1280x800"
    rest = [a for a in args if not a.startswith("--") and a != size]
    out = Path(rest[0]) if rest else ROOT / "docs" / "adjudication.png"
    with tempfile.TemporaryDirectory() as tmp:
        db = build_sample_team(Path(tmp) / "team.db")
        doc = settle_some(db)
        command = [sys.executable, "-m", "annotator", "open", "--db", str(db), "--analyst", "ana"]
        command += ["--screenshot", str(out), "--size", size, "--doc", str(doc)]
        subprocess.run([*command, "--view", "adjudicate"], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
