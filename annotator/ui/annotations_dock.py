"""The Annotations dock: the open article's spans (the panel) and its proposals, as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QTabWidget, QWidget

from annotator.core.article import ArticleChange, ArticleModel
from annotator.core.schema import Schema
from annotator.ui.annotation_panel import AnnotationPanel
from annotator.ui.proposal_list import ProposalList


class AnnotationsDock(QDockWidget):
    """Both tabs follow the article model; the Proposals tab counts what it lists."""

    def __init__(self, schema: Schema, article_model: ArticleModel, parent: QWidget) -> None:
        super().__init__("Annotations", parent)
        self._article_model = article_model
        self.panel = AnnotationPanel(schema)
        self.panel.follow(article_model)
        self.proposal_list = ProposalList()
        self.proposal_list.follow(article_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.panel, "Spans")
        self.tabs.addTab(self.proposal_list, "Proposals")
        article_model.subscribe(self._count_proposals)
        self.setObjectName("annotations")
        self.setWidget(self.tabs)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)

    def _count_proposals(self, change: ArticleChange) -> None:
        if change.proposals:
            count = len(self._article_model.proposals())
            self.tabs.setTabText(1, f"Proposals ({count})" if count else "Proposals")
