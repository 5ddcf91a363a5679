"""When to retrain: after every K articles marked done (``annotator config retrain-after K``).

Two project settings: K (absent or 0: off) and how many articles were done when
the last training started; a retraining is due once K more are done.
"""

from __future__ import annotations

from annotator.core.model import Status
from annotator.store import Store

RETRAIN_SETTING = "training.retrain_after"
#: Articles marked done when the last training started: K more and it retrains.
LAST_DONE_SETTING = "training.done_at_last"


def retrain_after(store: Store) -> int:
    """K, or 0 when retraining is off."""
    value = store.get_setting(RETRAIN_SETTING) or "0"
    return int(value) if value.isdigit() else 0


def due(store: Store) -> int:
    """Articles finished since the last training when that is K or more (else 0)."""
    k = retrain_after(store)
    if k <= 0:
        return 0
    last = store.get_setting(LAST_DONE_SETTING) or "0"
    since = store.count_documents(status=Status.DONE) - (int(last) if last.isdigit() else 0)
    return since if since >= k else 0


def mark_trained(store: Store, finished: int) -> None:
    """Remember how many articles were done when the last training started."""
    store.set_setting(LAST_DONE_SETTING, str(finished))
