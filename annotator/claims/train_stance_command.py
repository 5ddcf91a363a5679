"""``annotator train --task claim-stance [--out FILE]``: the stance model from the project's
own labels, with a progress bar, a held-out score, and the setting the claims view reads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.claims.proposals import STANCE_MODEL_SETTING
from annotator.claims.stance_training import (
    BATCH,
    StanceTrainingError,
    check_enough,
    collect_pairs,
    dev_split,
    epochs_for,
    provenance,
    save_model,
    score_dev,
    train_on_pairs,
)
from annotator.store import Store

#: The model's file name beside the project file when ``--out`` is not given.
SUFFIX = ".claim-stance.pkl"


def default_out(project: Path) -> Path:
    """``newsroom.db`` → ``newsroom.claim-stance.pkl`` in the same folder."""
    return project.with_name(project.stem + SUFFIX)


def _out(store: Store, given: Path | None) -> Path:
    out = Path(given).expanduser() if given is not None else default_out(Path(store.path))
    if out.is_dir():
        out = out / ("claim-stance" + ".pkl")
    return out.absolute()


class _Progress:
    """A bar on stderr (when it is a terminal) and a line every tenth of the passes."""

    def __init__(self, what: str, epochs: int) -> None:
        from tqdm import tqdm

        self.what, self.epochs, self.tqdm = what, epochs, tqdm
        self.every = max(1, epochs // 10)
        self.bar = tqdm(total=epochs, unit="epoch", desc=what, file=sys.stderr, disable=None)

    def __call__(self, epoch: int, loss: float) -> None:
        self.bar.update(1)
        if epoch % self.every == 0 or epoch == self.epochs:
            self.tqdm.write(f"{self.what}: epoch {epoch}/{self.epochs} loss {loss:.4f}")

    def close(self) -> None:
        self.bar.close()


def run_train_stance(store: Store, args: argparse.Namespace) -> int:
    """Train, score on held-out articles, save, and point the project at the model."""
    from annotator.claims.stance import StanceSettings

    ignored = [
        option
        for option, given in (
            ("--status", args.status != "done"),
            ("--annotator", args.annotator),
            ("--max-minutes", args.max_minutes),
            ("--base", args.base != "pretrained"),
        )
        if given
    ]
    if ignored:
        verb = "applies" if len(ignored) == 1 else "apply"
        print(f"note: {', '.join(ignored)} {verb} to attribution training only; ignored here")
    from annotator.claims.stance_in_project import PLAIN_STANCE_REFUSED

    # #19: an encrypted project keeps the model inside; a plain file only when asked for
    inside = store.encrypted and not getattr(args, "plain_model", False)
    if inside and args.out is not None:
        print(f"annotator: {PLAIN_STANCE_REFUSED}", file=sys.stderr)
        return 2
    out = _out(store, args.out)
    pairs = collect_pairs(store, seed=args.seed)
    try:
        check_enough(pairs)
    except StanceTrainingError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    texts = {doc: store.document(doc).text for doc in set(pairs.doc_ids)}
    labelled = ", ".join(f"{n} {s}" for s, n in pairs.counts(labelled_only=True).items())
    unset = f"; {pairs.unset} member(s) without a stance left out" if pairs.unset else ""
    print(
        f"training on {pairs.labelled} labelled pair(s) from {pairs.tracked} claim(s) "
        f"({labelled}) and {pairs.sampled} unrelated pair(s) sampled from other articles{unset}"
    )
    epochs = args.epochs if args.epochs is not None else epochs_for(len(pairs.stances))
    settings = StanceSettings(epochs=epochs, seed=args.seed, batch=BATCH)
    progress: _Progress | None = None
    try:
        dev = None
        train_rows, dev_rows = dev_split(pairs, args.dev_share, args.seed)
        if dev_rows and len({pairs.stances[i] for i in train_rows}) > 1:
            progress = _Progress("held-out check", epochs)
            model = train_on_pairs(pairs, texts, settings, progress, train_rows)
            progress.close()
            dev = score_dev(model, pairs, texts, dev_rows)
            print(dev.line())
        else:
            print("dev: too few articles to hold any out (--dev-share); not scored")
        progress = _Progress("model", epochs)
        model = train_on_pairs(pairs, texts, settings, progress)
        progress.close()
        record = provenance(pairs, texts, settings, dev)
        if not inside:
            save_model(model, out, record)
    except StanceTrainingError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
        where = "the model kept in the project" if inside else out
        print(f"interrupted: nothing was saved; {where} is as it was", file=sys.stderr)
        return 130
    if inside:
        from annotator.claims.stance_in_project import IN_PROJECT, keep_stance_model

        keep_stance_model(store, model, record)
        store.set_setting(STANCE_MODEL_SETTING, IN_PROJECT)
        print(
            "kept the claim stance model inside the encrypted project "
            f"(version {record['version']})"
        )
    else:
        store.set_setting(STANCE_MODEL_SETTING, str(out))
        print(f"saved the claim stance model to {out} (version {record['version']})")
        if store.encrypted:  # --plain-model: asked for, and said once more
            print(
                f"note: {out} is not encrypted: the model's vocabulary holds words of the "
                "project's articles; keep it on an encrypted disk",
                file=sys.stderr,
            )
    print(f'the claims view now proposes stances with it (setting "{STANCE_MODEL_SETTING}")')
    return 0
