"""A few words in the status bar for every edit: what was labelled, linked, accepted, marked.

Read from the command that ran and the article model after it (the spans and
stances it names are there by then), so every path to an edit, keys, menus,
drags and the proposals list, is confirmed the same way. The words are plain
text: the status bar shows them as they are.
"""

from __future__ import annotations

from annotator.core.article import ArticleModel
from annotator.core.commands import (
    AcceptSuggestion,
    AddRelation,
    AddSpan,
    Batch,
    ChangeSpan,
    Command,
    DeleteRelation,
    DeleteSpan,
    RejectSuggestion,
    SetRelationLabel,
    SetSpanAttribute,
    SetStatus,
)
from annotator.core.model import Relation, Span

WORDS = 48
UNDO_HINT = "Ctrl+Z undoes"


def short(text: str, limit: int = WORDS) -> str:
    """One line of text, cut after ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + " …"


def _span_words(article: ArticleModel, span: Span | None) -> str:
    return short(article.words(span)) if span is not None else "?"


def _labelled(article: ArticleModel, span: Span) -> str:
    """'SOURCE: An informed source … [anonymous]'."""
    shown = article.span(span.id) or span
    values = [str(v) for v in shown.attributes.values() if not isinstance(v, dict)]
    extra = f" [{', '.join(values)}]" if values else ""
    return f"{shown.label}: {_span_words(article, shown)}{extra}"


def _stance(article: ArticleModel, relation: Relation | None) -> str:
    """'deny ← Bloomberg'."""
    if relation is None:
        return "Linked"
    return f"{relation.label} ← {_span_words(article, article.span(relation.source))}"


def _relation(article: ArticleModel, relation_id: int | None) -> Relation | None:
    return next((r for r in article.relations() if r.id == relation_id), None)


def describe(command: Command, article: ArticleModel) -> str:
    """What ``command`` just did, in a few words."""
    if isinstance(command, Batch):
        accepted = [c for c in command.commands if isinstance(c, AcceptSuggestion)]
        if len(accepted) > 1:
            return f"Accepted {len(accepted)} proposals — {UNDO_HINT}"
        # a first edit that also marks the article in progress, or promote-and-link
        inner = [c for c in command.commands if not isinstance(c, SetStatus)]
        return describe(inner[-1], article) if inner else command.text
    if isinstance(command, AddSpan):
        return _labelled(article, command.span)
    if isinstance(command, AddRelation):
        return _stance(article, _relation(article, command.relation.id) or command.relation)
    if isinstance(command, SetRelationLabel):
        return _stance(article, _relation(article, command.relation_id))
    if isinstance(command, AcceptSuggestion):
        relation = command._relation
        return f"Accepted: {_stance(article, relation)} — {UNDO_HINT}"
    if isinstance(command, RejectSuggestion):
        return f"Rejected the proposal — {UNDO_HINT}"
    if isinstance(command, DeleteRelation):
        return f"Unlinked — {UNDO_HINT}"
    if isinstance(command, DeleteSpan):
        gone = command._span
        what = f"{gone.label} “{_span_words(article, gone)}”" if gone else "the span"
        return f"Deleted {what} — {UNDO_HINT}"
    if isinstance(command, SetSpanAttribute):
        span = article.span(command.span_id)
        value = "cleared" if command.value is None else str(command.value)
        return f"{command.name}: {value} — {_span_words(article, span)}"
    if isinstance(command, ChangeSpan):
        span = article.span(command.span_id)
        return f"Moved: {_labelled(article, span)}" if span else command.text
    if isinstance(command, SetStatus):
        return f"Marked {command.status}"
    return command.text.capitalize()
