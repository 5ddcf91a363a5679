"""The window's team actions: File > Merge project files…, File > Merge conflicts…, and
Tools > Team progress…. Each view is its own module; this one opens them and keeps the
window current after a merge (the list, the open article and its status line read
again: a merge writes through its own connection, so no change set names its rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.teams.merge import MergeReport
    from annotator.ui.main_window import MainWindow


def show_merge(window: MainWindow) -> None:
    """File > Merge project files…: the dialog is modal; the merge runs on a worker."""
    from annotator.ui.merge_dialog import MergeDialog

    dialog = window.merge_dialog = MergeDialog(window.store, window)
    dialog.merged.connect(lambda report: refresh_after_merge(window, report))
    dialog.conflicts_requested.connect(lambda: show_conflicts(window))
    dialog.open()


def refresh_after_merge(window: MainWindow, report: MergeReport) -> None:
    """Read the list, the open article and "Who says what" again; say what came in."""
    window.documents.reload()
    doc_id = window.current_doc
    if doc_id is not None:
        window.article_model.open(
            doc_id, window.analyst, entities=window.background.entities_of(doc_id)
        )
        window.panel.select(None)
        window.document_list.select(doc_id)
    if window.stances_view is not None:
        window.stances_view.reload()
    window._update_status()
    window.say(report.summary().capitalize() + ".", 15_000)


def show_conflicts(window: MainWindow) -> None:
    """File > Merge conflicts…: the table of edits that lost a merge (non-modal)."""
    from annotator.ui.conflicts_view import ConflictsView

    view = getattr(window, "conflicts_view", None)
    if view is None:
        view = window.conflicts_view = ConflictsView(window.store, window)
        view.jump.connect(lambda doc_id, uid: open_at(window, doc_id, uid))
    else:
        view.reload()
    view.show()
    view.raise_()


def open_at(window: MainWindow, doc_id: int, uid: str) -> None:
    """Open an article at the annotation with this uid (a stance: at its claim); just the
    article when the annotation is gone (the newer version was a deletion)."""
    spans = {s.uid: s.id for s in window.store.spans(doc_id)}
    span_id = spans.get(uid)
    if span_id is None:
        claims = [r.claim for r in window.store.relations(doc_id) if r.uid == uid]
        span_id = claims[0] if claims else None
    if window.documents.row_of(doc_id) is None:  # filtered out of the list: show everything
        window.document_list.show_all()
        window._apply_filter()
    window.open_document(doc_id)
    if span_id is not None:
        window.jump_to_span(span_id)
    window.activateWindow()


def show_progress(window: MainWindow) -> None:
    """Tools > Team progress…: charts, read again each time the view is shown."""
    from annotator.ui.progress_view import ProgressView

    view = getattr(window, "progress_view", None)
    if view is None:
        view = window.progress_view = ProgressView(window.store, window)
    view.start()
    view.show()
    view.raise_()
