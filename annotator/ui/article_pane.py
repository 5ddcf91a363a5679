"""The window's centre: the entity legend above the article view, the find bar below it."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from annotator.core.article import ArticleModel
from annotator.core.schema import Schema
from annotator.ui.article_view import ArticleView
from annotator.ui.entity_legend import EntityLegend, LegendArea
from annotator.ui.find_bar import FindBar


class ArticlePane(QWidget):
    """The article drawn in the schema's colours; the legend hides entity types in it."""

    def __init__(self, schema: Schema, article_model: ArticleModel) -> None:
        super().__init__()
        self.article = ArticleView()
        self.article.set_label_colours({lab.name: lab.colour for lab in schema.labels})
        self.article.follow(article_model)
        self.legend = EntityLegend()
        self.legend.hidden_changed.connect(self.article.set_hidden_labels)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(LegendArea(self.legend))  # capped: the article keeps most of the pane
        layout.addWidget(self.article)
        self.find_bar = FindBar(self.article)
        layout.addWidget(self.find_bar)
