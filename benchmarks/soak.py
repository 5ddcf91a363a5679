"""Kill the workbench at random points while it is edited with its keys; count lost edits.

Usage: python benchmarks/soak.py [--kills 100] [--seed 1] [--db FILE]
Prints one line:
    kills=N lost_edits=L integrity=ok

Each round forks a child that opens the real window on one project file and presses
random keys (tests/ui/kill_driver.py), logging every key before it is pressed and, once
the press returned (the edit committed), the state of the documents it touched. After a
random delay the child gets SIGKILL: no cleanup, no close, no checkpoint. The file must
then pass ``PRAGMA integrity_check`` and ``foreign_key_check``, every stance must join
spans of its own document, and every document must be exactly as the window last
reported it. The one key that may have been in flight at the kill may have landed or not
(within one edit's reach); anything else that differs is a lost edit. The next round
opens the same file, as an analyst restarting after a crash would. Seeds are fixed, so a
run presses the same keys each time; only where the kills land varies.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_ANALYST", "soak")

# Qt and the window are imported once here; each forked child only builds a window.
from annotator.io.importer import import_paths  # noqa: E402
from annotator.store import Store  # noqa: E402
from tests.ui.kill_driver import document_state, edit_until_killed  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
READY_DEADLINE_S = 60.0


def _states(db: Path) -> dict[int, dict[str, Any]]:
    with Store(db) as store:
        return {d: document_state(store, d) for d in store.document_ids()}


def _integrity(db: Path) -> list[str]:
    """What is wrong with the file's structure; empty when nothing is."""
    conn = sqlite3.connect(db)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else problems
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        crossed = conn.execute(
            "SELECT r.id FROM relations r JOIN spans s"
            " ON s.id IN (r.source_span_id, r.claim_span_id, r.cue_span_id)"
            " WHERE s.doc_id != r.doc_id"
        ).fetchall()
        problems += [f"stance {r[0]} joins spans of another document" for r in crossed]
        return problems
    finally:
        conn.close()


def _read_log(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _within_one_edit(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether one key (one command, maybe a two-part batch) can turn ``before`` into ``after``."""
    old = {tuple(s) for s in before["spans"]}
    new = {tuple(s) for s in after["spans"]}
    return len(old - new) <= 1 and len(new - old) <= 1


def _lost(
    entries: dict[int, list[dict[str, Any]]],
    expected: dict[int, dict[str, Any]],
    found: dict[int, dict[str, Any]],
    pending: int | None,
) -> int:
    """Edits the window reported done that the file does not hold."""
    lost = 0
    for doc_id, state in found.items():
        want = expected.get(doc_id)
        if want is None or state == want:
            continue
        if doc_id == pending and _within_one_edit(want, state):
            continue  # the key in flight at the kill landed: allowed either way
        reported = entries.get(doc_id, [])
        kept = max((i for i, s in enumerate(reported) if s == state), default=-1)
        lost += max(1, len(reported) - 1 - kept)
    lost += sum(1 for doc_id in expected if doc_id not in found)
    return lost


def one_round(db: Path, log: Path, seed: int, delay: float, expected: dict) -> dict[str, Any]:
    """Fork a window, let it edit for ``delay`` seconds after it is ready, kill it, check."""
    log.write_bytes(b"")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    pid = os.fork()
    if pid == 0:  # the child: edit until killed
        try:
            edit_until_killed(str(db), seed, fd)
        finally:
            os._exit(4)
    os.close(fd)
    try:
        deadline = time.monotonic() + READY_DEADLINE_S
        while not log.read_bytes().startswith(b"READY"):
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                pid = 0
                raise RuntimeError("the window died before it was ready: " + log.read_text())
            if time.monotonic() > deadline:
                raise RuntimeError("the window was not ready within a minute")
            time.sleep(0.005)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        pid = 0
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            raise RuntimeError(f"the window ended by itself: {_read_log(log)[-1:]}")
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

    lines = _read_log(log)
    errors = [line for line in lines if line.startswith(("ERROR", "MISMATCH"))]
    entries: dict[int, list[dict[str, Any]]] = {}
    reported = dict(expected)
    pending: int | None = None
    edits = 0
    for line in lines:
        kind, _, rest = line.partition(" ")
        if kind == "KEY":
            target = rest.split()[1]
            pending = int(target) if target.isdigit() else None
        elif kind == "DONE":
            edits += 1
            pending = None
            for doc, state in json.loads(rest.split(" ", 1)[1]).items():
                entries.setdefault(int(doc), []).append(state)
                reported[int(doc)] = state
    found = _states(db)
    return {
        "lost": _lost(entries, reported, found, pending),
        "problems": _integrity(db) + errors,
        "edits": edits,
        "in_flight": pending is not None,
        "found": found,
    }


def soak(db: Path, kills: int, seed: int) -> tuple[int, list[str], int, int]:
    """Run ``kills`` rounds on one file; returns (lost edits, problems, edits, kills mid-key)."""
    rng = random.Random(seed)
    expected = _states(db)
    lost, problems, edits, in_flight = 0, [], 0, 0
    log = db.with_name(db.name + ".keys.log")
    for round_no in range(kills):
        delay = rng.uniform(0.0, 0.4)
        result = one_round(db, log, seed * 1000 + round_no, delay, expected)
        lost += result["lost"]
        problems += [f"round {round_no}: {p}" for p in result["problems"]]
        edits += result["edits"]
        in_flight += result["in_flight"]
        expected = result["found"]
    return lost, problems, edits, in_flight


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="project file to use (default: a fresh one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "soak.db"
        if args.db is None:
            with Store(db) as store:
                import_paths(store, [SAMPLES / "wire-dump.txt"])
        lost, problems, edits, in_flight = soak(db, args.kills, args.seed)
    for problem in problems[:20]:
        print(problem, file=sys.stderr)
    print(f"edits_reported={edits} kills_with_a_key_in_flight={in_flight}", file=sys.stderr)
    print(f"kills={args.kills} lost_edits={lost} integrity={'ok' if not problems else 'FAILED'}")
    return 0 if lost == 0 and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
