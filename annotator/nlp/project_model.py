"""Attribution models kept inside the project (``config suggester model:project``, #19).

On an encrypted project a trained model is never written as a plain folder: its
vocabulary holds the articles' words. ``annotator train``, Tools > Train a model…
and background retraining keep it as a row of the project instead
(``annotator.store.trained_models``), and the suggester reads it from there.
Proposals are stored under ``trained:project:<name>`` and the training version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.nlp.model import ModelInfo
from annotator.nlp.model_suggester import ModelFolderError, load_trained
from annotator.store import Store
from annotator.store.trained_models import ATTRIBUTION, StoredModel, load_model, save_model

#: ``model:project``: the suggester setting's word for the model kept inside the project.
PROJECT = "project"
#: Written by ``train --out`` on an encrypted project without ``--plain-model``.
PLAIN_MODEL_REFUSED = (
    "the project is encrypted and a model folder would be plain: its vocabulary holds words "
    "of the project's articles. Leave out --out to keep the model inside the encrypted project "
    "(used with: annotator config suggester model:project), or add --plain-model to write the "
    "folder anyway, on an encrypted disk"
)


def stored_info(stored: StoredModel) -> ModelInfo:
    """How proposals from a stored model are labelled: its name inside the project + version."""
    return ModelInfo(f"trained:{PROJECT}:{stored.name}", stored.version, PROJECT)


def load_stored(stored: StoredModel) -> tuple[Any, ModelInfo]:
    """Build the pipeline from the stored config and bytes; slow (~0.3 s), so off the GUI."""
    from annotator.nlp.model_suggester import load_from_bytes  # registers what a model needs

    try:
        nlp = load_from_bytes(stored.config, stored.model)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelFolderError(
            f"the model {stored.name!r} kept in the project could not be loaded ({exc}); "
            "train it again (annotator train) or go back to the rules"
        ) from None
    return nlp, stored_info(stored)


def keep_in_project(store: Store, result: Any, name: str = ATTRIBUTION) -> StoredModel:
    """Save an in-memory ``TrainResult`` (``train(docs, None, …)``) as the project's model."""
    assert result.model_bytes is not None and result.config is not None
    return save_model(
        store, name, "attribution", result.provenance, result.config, result.model_bytes
    )


def load_folder_or_stored(folder: Path, store: Store) -> tuple[Any, ModelInfo]:
    """A trained pipeline from its folder, or (``folder`` is ``project``) the project's own."""
    if Path(folder) != Path(PROJECT):
        return load_trained(folder)
    stored = load_model(store, ATTRIBUTION)
    if stored is None:
        raise ModelFolderError(
            "the project keeps no trained model yet; train one with Tools > Train a model…"
        )
    return load_stored(stored)
