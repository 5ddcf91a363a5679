"""Attribution proposals from a pipeline trained on the project's labels (``annotator train``).

The trained pipeline marks SOURCE, CUE and CLAIM spans (one role per token, as
analysts label them); grouping them into attributions is done here: each CLAIM
goes with the nearest CUE, and that cue with the nearest SOURCE outside the
claim. Stance and source type come from the cue's and source's words, as the
rules guess them. Plain offsets come out; spaCy objects stay here.
"""

from __future__ import annotations

import json
import sys
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


def register_components() -> None:
    """Register the spaCy factories and layers a trained model names (this imports spaCy).

    Done on import when spaCy is already loaded, else by the loaders here; the window
    imports this module before its first paint, when spaCy must not load yet.
    """
    import annotator.nlp.attribution_features  # noqa: F401
    from annotator.nlp.model import _register_paragraph_breaks

    _register_paragraph_breaks()


if "spacy" in sys.modules:
    register_components()


def load_from_bytes(config: str, model_bytes: bytes) -> Any:
    """A trained pipeline from ``TrainResult.config`` and ``.model_bytes`` (kept in a project)."""
    import spacy
    from thinc.api import Config

    register_components()
    nlp = spacy.util.load_model_from_config(Config().from_str(config))
    return without_repeated_patterns(nlp.from_bytes(model_bytes))


def without_repeated_patterns(nlp: Any) -> Any:
    """``nlp`` with its attribute-ruler patterns once, where a restore stacked copies.

    Why: spaCy's ``AttributeRuler.from_bytes``/``from_disk`` add the stored patterns to
    those already there, so every restore during training stacked another whole copy (716
    patterns instead of 179 in a model trained here): the tags came out the same, but the
    ruler took 160 ms per 1,000 words instead of 30. Only exact repeats of the whole list
    are dropped, so no token changes (a later pattern still wins, as before).
    """
    for _, pipe in nlp.pipeline:
        patterns = getattr(pipe, "patterns", None)
        if not (patterns and hasattr(pipe, "add_patterns") and hasattr(pipe, "clear")):
            continue
        copies = _whole_copies(patterns)
        if copies > 1:
            pipe.clear()
            pipe.add_patterns(patterns[: len(patterns) // copies])
    return nlp


def _whole_copies(items: list[Any]) -> int:
    """How many times ``items`` is one list repeated end to end (1 when it is not)."""
    for copies in range(len(items), 1, -1):
        if len(items) % copies:
            continue
        size = len(items) // copies
        if all(items[i] == items[i % size] for i in range(size, len(items))):
            return copies
    return 1


def load_trained(folder: Path) -> tuple[Any, ModelInfo]:
    """Load a trained attribution pipeline; slow (~0.3 s), so off the GUI thread."""
    import spacy

    register_components()
    provenance = read_provenance(folder)
    try:
        nlp = spacy.load(Path(folder).expanduser())
    except (OSError, ValueError) as exc:
        raise ModelFolderError(f"the model in {folder} could not be loaded ({exc})") from exc
    return without_repeated_patterns(nlp), model_info(folder, provenance)


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


def _suggestion(
    text: str, cue: tuple[int, int], claim: tuple[int, int], source: tuple[int, int] | None
) -> AttributionSuggestion:
    source_type = (
        guess_source_type(text[source[0] : source[1]], None, ENTITY_TYPES) if source else None
    )
    stance = stance_of(text[cue[0] : cue[1]], text[claim[0] : claim[1]])
    return AttributionSuggestion(cue, claim, source, stance, source_type)


def _nearest(spans: list[tuple[int, int]], to: tuple[int, int]) -> tuple[int, int] | None:
    """The span nearest ``to`` (ties: the first) within ``MAX_GAP``, or None."""
    if not spans:
        return None
    best = min(spans, key=lambda s: (_gap(s, to), s[0]))
    return best if _gap(best, to) <= MAX_GAP else None


def group(text: str, spans: list[tuple[int, int, str]]) -> list[AttributionSuggestion]:
    """Attributions from labelled spans: each CLAIM with its nearest CUE and that cue's SOURCE.

    No predicted span is lost: a CUE nearest to no claim goes with its own nearest claim,
    and a SOURCE left over fills a nearby attribution without one (or pairs its cue with
    another claim), so each stays a proposal the analyst can accept or reject.
    """
    cues = [(s, e) for s, e, label in spans if label == "CUE"]
    sources = [(s, e) for s, e, label in spans if label == "SOURCE"]
    claims = [(s, e) for s, e, label in spans if label == "CLAIM"]
    pairs: dict[tuple[tuple[int, int], tuple[int, int]], tuple[int, int] | None] = {}

    def source_for(cue: tuple[int, int], claim: tuple[int, int]) -> tuple[int, int] | None:
        outside = [s for s in sources if s[1] <= claim[0] or s[0] >= claim[1]]
        return _nearest(outside, cue)

    for claim in claims:
        cue = _nearest(cues, claim)
        if cue is not None:
            pairs[(cue, claim)] = source_for(cue, claim)
    used_cues = {cue for cue, _ in pairs}
    for cue in cues:
        if cue not in used_cues and (claim := _nearest(claims, cue)) is not None:
            pairs[(cue, claim)] = source_for(cue, claim)
    for source in sources:
        if source in pairs.values():
            continue
        open_pairs = [k for k, v in pairs.items() if v is None and _gap(k[0], source) <= MAX_GAP]
        if open_pairs:
            key = min(open_pairs, key=lambda k: (_gap(k[0], source), k[0][0]))
            pairs[key] = source
            continue
        cue = _nearest(cues, source)
        if cue is None:
            continue
        free = [c for c in claims if (cue, c) not in pairs and not _overlaps(c, source)]
        claim = _nearest(free, cue)
        if claim is not None:
            pairs[(cue, claim)] = source
    found = [_suggestion(text, cue, claim, src) for (cue, claim), src in pairs.items()]
    return sorted(found, key=lambda s: (s.cue, s.claim))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def doc_spans(doc: Any) -> list[tuple[int, int, str]]:
    """The pipeline's SOURCE / CUE / CLAIM entities as character spans."""
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def propose(doc: Any) -> list[AttributionSuggestion]:
    """Attributions in a Doc the trained pipeline has processed, in text order."""
    return group(doc.text, doc_spans(doc))
