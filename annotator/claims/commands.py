"""The command line of tracked claims: ``annotator claims list | create | rank``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from annotator.store import Store

if TYPE_CHECKING:
    from annotator.core.claims import TrackedClaim


def add_claims_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``claims`` sub-command (with list, create and rank) to the main parser."""
    clm = sub.add_parser(
        "claims", parents=[common], help="claims tracked across articles: list, create, rank"
    )
    what = clm.add_subparsers(dest="claims_command", metavar="ACTION", required=True)
    what.add_parser("list", parents=[common], help="every tracked claim with its member count")
    new = what.add_parser("create", parents=[common], help="track a claim (typed or from a span)")
    new.add_argument("wording", nargs="?", default="", help="the claim's canonical wording")
    new.add_argument(
        "--from-span", type=int, metavar="ID", help="a CLAIM span: its first member (and wording)"
    )
    rnk = what.add_parser(
        "rank", parents=[common], help="the articles and sentences that best carry a claim"
    )
    rnk.add_argument("text", help="the claim's wording")
    rnk.add_argument("--top", type=int, default=10, metavar="K", help="show K articles (10)")


#: Claims actions that only read (on a missing project file they say so).
READ_ONLY_ACTIONS = frozenset({"list", "rank"})


def run_claims_command(store: Store, args: argparse.Namespace) -> int:
    """Run one ``claims`` action; returns the exit status."""
    if args.claims_command == "list":
        return _list(store)
    if args.claims_command == "create":
        return _create(store, args)
    return _rank(store, args)


def _list(store: Store) -> int:
    counts = store.claim_counts()
    claims = store.claims()
    if not claims:
        print('no tracked claims yet: annotator claims create "WORDING" [--from-span ID]')
    for claim in claims:
        print(f"{claim.id:>6}  {counts.get(claim.id, 0):>4} span(s)  {claim.wording}")
    return 0


def _create(store: Store, args: argparse.Namespace) -> int:
    from annotator.core.claims import ClaimError, CreateClaim
    from annotator.core.history import History
    from annotator.core.schema import LAST_GOOD_SETTING, SCHEMA_SETTING, load_project_schema

    schema, _text, _problem = load_project_schema(
        store.get_setting(SCHEMA_SETTING), store.get_setting(LAST_GOOD_SETTING)
    )
    roles = schema.roles()
    try:
        if args.from_span is not None:
            command = CreateClaim.from_span(store, args.from_span, roles)
            if args.wording.strip():
                command.wording = args.wording
        else:
            command = CreateClaim(args.wording, roles=roles)
        if same := same_wording(store.claims(), command.wording):  # one claim, one wording
            print(
                f"annotator: claim {same.id} already has this wording ({same.wording}); add"
                " spans to it in the workbench, or choose another wording",
                file=sys.stderr,
            )
            return 1
        History(store).push(command)
    except ClaimError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    assert command.claim_id is not None
    claim = store.claim(command.claim_id)
    print(f"tracking claim {claim.id}: {claim.wording}")
    return 0


def same_wording(claims: list[TrackedClaim], wording: str) -> TrackedClaim | None:
    """The tracked claim worded the same (ignoring case and spacing), or None."""
    key = " ".join(wording.split()).casefold()
    return next((c for c in claims if " ".join(c.wording.split()).casefold() == key), None)


def _rank(store: Store, args: argparse.Namespace) -> int:
    from annotator.claims.rank import rank_articles

    if args.top < 1:
        print("annotator: --top takes a number of articles, 1 or more", file=sys.stderr)
        return 2
    if not args.text.strip():
        print(
            "annotator: claims rank needs the claim's wording, e.g. claims rank"
            ' "the port will be leased"',
            file=sys.stderr,
        )
        return 2
    hits = rank_articles(store, args.text, top=args.top)
    if not hits:
        print("no article shares a word with that claim (stop words do not count)")
        return 0
    for hit in hits:
        sentence = " ".join(hit.sentence.split())
        if len(sentence) > 200:
            sentence = sentence[:199] + "…"
        print(f"{hit.doc_id:>6}  {hit.score:.3f}  {hit.title}".rstrip())
        print(f"        [{hit.start}:{hit.end}] {sentence}")
    return 0
