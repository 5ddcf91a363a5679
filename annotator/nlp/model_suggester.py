"""Attribution proposals from a pipeline trained on the project's labels (``annotator train``).

The trained pipeline marks SOURCE, CUE and CLAIM spans (one role per token, as
analysts label them); grouping them into attributions is done here: each CLAIM
goes with the nearest CUE, and that cue with the nearest SOURCE outside the
claim. Stance and source type come from the cue's and source's words, as the
rules guess them. Plain offsets come out; spaCy objects stay here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.stances import guess_source_type
from annotator.nlp.attribution import ASKING, DENYING, ENTITY_TYPES, AttributionSuggestion
from annotator.nlp.model import ModelInfo

#: Written beside the weights by ``annotator train``: what the model learned from, and how well.
PROVENANCE = "annotator-training.json"
FORMAT = "annotator-attribution-model"
#: A CUE further than this from a CLAIM (characters between them) is not its cue.
MAX_GAP = 400
_NEGATIONS = {"not", "n't", "never", "no"}


class ModelFolderError(Exception):
    """A folder that is not a model made by ``annotator train``: the message says what to do."""


def read_provenance(folder: Path) -> dict[str, Any]:
    """The provenance of a trained model folder, or a ``ModelFolderError`` naming the problem."""
    path = Path(folder).expanduser() / PROVENANCE
    hint = "train one with `annotator train --out DIR`"
    if not path.parent.is_dir():
        raise ModelFolderError(f"{path.parent} is not a folder; {hint}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFolderError(
            f"{path.parent} holds no model made by `annotator train` ({PROVENANCE} is missing); "
            f"{hint}"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFolderError(f"{path} cannot be read ({exc}); {hint}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelFolderError(f"{path} is not the provenance of an attribution model; {hint}")
    if not (path.parent / "config.cfg").is_file():
        raise ModelFolderError(f"{path.parent} has provenance but no spaCy pipeline; {hint}")
    return data


def model_info(folder: Path, provenance: dict[str, Any]) -> ModelInfo:
    """How proposals from this model are labelled in the store: ``trained:<folder>`` + version."""
    folder = Path(folder).expanduser().resolve()
    return ModelInfo(f"trained:{folder.name}", str(provenance["version"]), str(folder))


def load_trained(folder: Path) -> tuple[Any, ModelInfo]:
    """Load a trained attribution pipeline; slow (~0.3 s), so off the GUI thread."""
    import spacy

    provenance = read_provenance(folder)
    try:
        nlp = spacy.load(Path(folder).expanduser())
    except (OSError, ValueError) as exc:
        raise ModelFolderError(f"the model in {folder} could not be loaded ({exc})") from exc
    return nlp, model_info(folder, provenance)


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _stems(lemmas: frozenset[str] | set[str]) -> tuple[str, ...]:
    """Word beginnings of the lemmas' inflections: deny -> deny, deni; refute -> refut."""
    out = []
    for lemma in lemmas:
        out.append(lemma[:-1] if lemma.endswith("e") else lemma)
        if lemma.endswith("y"):
            out.append(lemma[:-1] + "i")
    return tuple(out)


_DENY, _ASK = _stems(DENYING), _stems(ASKING)


def stance_of(cue_words: str, claim_words: str) -> str:
    """The rules' stance from the cue's words (no lemmas without a parser): deny, query, support."""
    words = cue_words.lower().replace("n't", " n't").split()
    if any(w.startswith(_DENY) for w in words) or (
        _NEGATIONS & set(words) and any(w.startswith(("say", "said", "confirm")) for w in words)
    ):
        return "deny"
    if any(w.startswith(_ASK) for w in words) or claim_words.rstrip("\"”' ").endswith("?"):
        return "query"
    return "support"


def group(text: str, spans: list[tuple[int, int, str]]) -> list[AttributionSuggestion]:
    """Attributions from labelled spans: each CLAIM with its nearest CUE and that cue's SOURCE."""
    cues = [(s, e) for s, e, label in spans if label == "CUE"]
    sources = [(s, e) for s, e, label in spans if label == "SOURCE"]
    found = []
    for start, end, label in spans:
        if label != "CLAIM" or not cues:
            continue
        claim = (start, end)
        cue = min(cues, key=lambda c: (_gap(c, claim), c[0]))
        if _gap(cue, claim) > MAX_GAP:
            continue
        outside = [s for s in sources if s[1] <= start or s[0] >= end]
        source = min(outside, key=lambda s: (_gap(s, cue), s[0])) if outside else None
        if source is not None and _gap(source, cue) > MAX_GAP:
            source = None
        source_type = (
            guess_source_type(text[source[0] : source[1]], None, ENTITY_TYPES) if source else None
        )
        found.append(
            AttributionSuggestion(
                cue,
                claim,
                source,
                stance_of(text[cue[0] : cue[1]], text[start:end]),
                source_type,
            )
        )
    return sorted(found, key=lambda s: (s.cue, s.claim))


def doc_spans(doc: Any) -> list[tuple[int, int, str]]:
    """The pipeline's SOURCE / CUE / CLAIM entities as character spans."""
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def propose(doc: Any) -> list[AttributionSuggestion]:
    """Attributions in a Doc the trained pipeline has processed, in text order."""
    return group(doc.text, doc_spans(doc))
