"""The words and page patterns the attribution rules look for (``attribution.py``).

Kept apart from the rules so that the lexicon can be read, and grown, on its own.
"""

from __future__ import annotations

import re

#: Verbs of saying, reporting and reacting (lemmas).
SAYING = frozenset(
    "say tell report deny claim confirm add insist warn state announce argue explain "
    "note write suggest acknowledge admit allege assert contend declare estimate "
    "predict reveal indicate accuse charge complain concede dismiss reject stress "
    "ask describe urge tweet post testify agree fear recall respond reply maintain "
    "emphasize emphasise promise vow pledge caution signal hint speculate disclose "
    "assure dispute refute wonder counter observe remark conclude find tout boast "
    "concur forecast recommend demand call cite mention criticize blast slam praise show "
    "propose point echo attack condemn defend oppose discuss continue speak refer offer "
    "question support endorse express highlight liken compare "
    "".split()
)
#: Verbs whose direct object is what is attributed ("denied the report", "echoed the claim").
OBJECT_CONTENT = {
    "echo",
    "attack",
    "condemn",
    "criticize",
    "blast",
    "slam",
    "praise",
    "defend",
    "oppose",
    "discuss",
    "cite",
    "mention",
    "deny",
    "dismiss",
    "reject",
    "dispute",
    "confirm",
    "announce",
    "reveal",
    "report",
    "refute",
    "propose",
    "question",
    "support",
    "endorse",
    "express",
    "highlight",
    "liken",
    "compare",
    "offer",
}
#: Verbs that need a clause or object after them to be an attribution.
NEEDS_COMPLEMENT = {"call", "point", "find", "show", *OBJECT_CONTENT}
#: Beliefs, intentions and decisions: attributions too (PARC counts them), but only with
#: the clause or infinitive that says what is believed or intended.
STANCE_VERBS = {
    "know",
    "want",
    "believe",
    "expect",
    "plan",
    "hope",
    "think",
    "feel",
    "worry",
    "decide",
    "refuse",
    "decline",
    "intend",
    "fear",
    "doubt",
    "understand",
}
#: A preposition that belongs to the cue: "called for", "pointed to", "spoke of".
CUE_PREPOSITIONS = {
    "call": {"for", "on"},
    "point": {"to", "out"},
    "speak": {"of", "about"},
    "refer": {"to"},
    "cite": set(),
    "respond": {"to"},
}
#: Hedges in questions and first person that PolNeAR does not count as attributions.
HEDGES = {"think", "believe", "guess", "suppose"}
DENYING = {"deny", "dismiss", "reject", "refute", "dispute", "counter"}
ASKING = {"ask", "question", "wonder"}
SUBJECTS = {"nsubj", "nsubjpass"}
COMPLEMENTS = {"ccomp", "xcomp"}
CUE_PARTS = {"aux", "auxpass", "neg", "prt"}
ENTITY_TYPES = {
    "PERSON": "named_person",
    "ORG": "named_organization",
    "NORP": "named_organization",
    "GPE": "named_organization",
}
#: Things that show rather than say: PolNeAR counts "the poll showed", "footage shows" as
#: attributions with the artifact as source, so they stay sources, typed ``document``, with the
#: words that say whose they are ("photos published by the ministry").
EVIDENCE = frozenset(
    "photo photograph picture image footage video imagery record document data poll survey "
    "study report analysis email memo filing transcript recording statistic result "
    "map chart".split()
)
#: Words that make a source a news outlet ("state news agency X", "the newspaper").
OUTLET_WORDS = re.compile(
    r"\b(?:news|press|wire) (?:agency|service)|\bnewspaper|\bbroadcaster|\bnews (?:channel|outlet|"
    r"site|website|network)|\bstate (?:media|television|tv|radio)|\btabloid|\bmagazine",
    re.IGNORECASE,
)
#: Outlets known by name alone, and names shaped like a newspaper's.
OUTLET_NAMES = re.compile(
    r"^(?:the )?(?:Reuters|Bloomberg(?: News)?|AP|Associated Press|AFP|Agence France-Presse|"
    r"Xinhua|TASS|Interfax|dpa|EFE|ANSA|Kyodo|Yonhap|UPI|CNN|BBC|Al Jazeera|Fox News|NPR|"
    r"MSNBC|Politico|Axios|(?:[A-Z][\w.&'-]* )+(?:Times|Post|Journal|Herald|Tribune|Gazette|"
    r"Telegraph|Guardian|Chronicle|Courier|Observer|Standard|Independent))$"
)
#: "news agency SANA", "the SANA news agency": the name is an outlet all through the article.
AGENCY_NAMED = re.compile(
    r"(?:news|press) agency,?\s+(?:the\s+)?([A-Z][\w.-]+(?:\s[A-Z][\w.-]+){0,3})"
    r"|\b([A-Z][\w.-]+(?:\s[A-Z][\w.-]+){0,3})\s+(?:news|press) agency"
)
# what ends a claim but belongs to the attribution frame: '"…," she said', '"…" — he said'
FRAME_END = re.compile(r"[\s,;:—–-]+([\"”’]?)$")
# a quotation stays within its paragraph: a stray mark must not pair with one pages later
QUOTES = re.compile(r"[\"“][^\"“”\n]{2,}?[\"”]")
# "PENCE: Well, look, …" (a transcript) and "“…” ― Sonya Herridge" (a reader's quote)
SPEAKER = re.compile(r"(?m)^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):[ \t]+(\S[^\n]*)")
DASH_CREDIT = re.compile(r"([\"“][^\"“”\n]{2,}?[\"”])\s*([―—–]|--)\s*([A-Z][^\n,;]{1,60})")
