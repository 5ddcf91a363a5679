"""``annotator config`` with no setting named: every setting, its value and where it comes from.

One line each, so an analyst sees at once what the project uses: the entity model (and one
per language), the attribution suggester with its model folder, the label schema, the gold
layer, the idle lock and the retraining interval; "(project)" when the project sets it,
"(default)" when nothing does.
"""

from __future__ import annotations

from annotator.core.adjudication import GOLD_SETTING, gold_name
from annotator.core.lock_setting import LOCK_SETTING, minutes_from
from annotator.core.schema import SCHEMA_SETTING
from annotator.nlp.model import DEFAULT_MODELS, MODEL_SETTING
from annotator.nlp.retraining import RETRAIN_SETTING, retrain_after
from annotator.nlp.suggesters import SUGGESTER_SETTING, TRAINED_SETTING
from annotator.store import Store


def suggester_text(store: Store) -> str | None:
    """The stored suggester as ``config suggester`` takes it: ``model:DIR``, not just ``model``."""
    kind = store.get_setting(SUGGESTER_SETTING)
    folder = store.get_setting(TRAINED_SETTING)
    if kind in ("model", "both") and folder:
        return f"{kind}:{folder}"
    return kind


def _minutes(n: int) -> str:
    return f"{n} minute(s)" + (" (never)" if n == 0 else "")


def setting_rows(store: Store) -> list[tuple[str, str, bool]]:
    """(name as ``config`` takes it, value shown, set by the project) for every setting."""
    get = store.get_setting
    rows = [("model", get(MODEL_SETTING) or DEFAULT_MODELS[0], get(MODEL_SETTING) is not None)]
    prefix = MODEL_SETTING + "."
    for key, value in store.settings_with_prefix(prefix).items():
        rows.append((f"model --language {key[len(prefix) :]}", value, True))
    suggester = suggester_text(store)
    rows.append(("suggester", suggester or "rules", suggester is not None))
    prefix = SUGGESTER_SETTING + "."  # one per language, where the project sets one
    for key, kind in store.settings_with_prefix(prefix).items():
        code = key[len(prefix) :]
        folder = get(f"{TRAINED_SETTING}.{code}")
        shown = f"{kind}:{folder}" if folder and kind in ("model", "both") else kind
        rows.append((f"suggester --language {code}", shown, True))
    rows.append(("schema", get(SCHEMA_SETTING) or "the built-in schema", bool(get(SCHEMA_SETTING))))
    rows.append(("gold", gold_name(store), bool((get(GOLD_SETTING) or "").strip())))
    lock = get(LOCK_SETTING)
    rows.append(("lock-after", _minutes(minutes_from(lock, store.encrypted)), lock is not None))
    k = retrain_after(store)
    rows.append(("retrain-after", str(k) if k else "0 (off)", get(RETRAIN_SETTING) is not None))
    return rows


def show_settings(store: Store) -> int:
    """Print every setting, aligned, with "(project)" or "(default)"."""
    rows = setting_rows(store)
    width = max(len(name) for name, _, _ in rows)
    for name, value, ours in rows:
        print(f"{name:<{width}} = {value}  ({'project' if ours else 'default'})")
    return 0
