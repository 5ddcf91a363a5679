"""The claim–article stance model kept inside the project (#19).

On an encrypted project ``annotator train --task claim-stance`` keeps the model as a
row of the project (its TF-IDF vocabulary holds the articles' words, so a plain
``.pkl`` beside the project would give them away); the setting
``claims.stance_model`` then reads ``project`` and the claims view loads it from here.
"""

from __future__ import annotations

import pickle
from typing import Any

from annotator.store import Store
from annotator.store.trained_models import load_model, save_model

#: The row's name in ``trained_models`` and the stance-model setting's value for it.
NAME = "claim-stance"
IN_PROJECT = "project"
#: ``train --task claim-stance --out FILE`` on an encrypted project without ``--plain-model``.
PLAIN_STANCE_REFUSED = (
    "the project is encrypted and the stance model file would be plain: its vocabulary holds "
    "words of the project's articles. Leave out --out to keep the model inside the encrypted "
    "project, or add --plain-model to write the file anyway, on an encrypted disk"
)


def keep_stance_model(store: Store, model: Any, provenance: dict[str, Any]) -> None:
    """Save the trained stance model (a pickle of this program's own object) in the project."""
    save_model(store, NAME, "claim-stance", provenance, "", pickle.dumps(model))


def load_stance_model(store: Store) -> Any | None:
    """The stance model kept in the project, or None; ValueError when the row is not one."""
    from annotator.claims.stance import StanceModel

    stored = load_model(store, NAME)
    if stored is None:
        return None
    model = pickle.loads(stored.model)  # written by keep_stance_model only
    if not isinstance(model, StanceModel):
        raise ValueError(f"the row {NAME!r} of {store.path} holds no stance model")
    return model
