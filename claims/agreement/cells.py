"""The sentences behind one cell of a confusion matrix: those where annotator a's current
label is one key and annotator b's another, within the report's filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Substr

from claims.agreement.selection import AgreementFilters
from claims.models import Annotation, Project, Sentence

LIMIT = 50  # a cell's list is for reading examples, not for exporting them


@dataclass(frozen=True)
class CellSentence:
    pk: int
    article: str
    position: int
    text: str


def cell_sentences(
    *,
    project: Project,
    filters: AgreementFilters,
    a: str,
    label_a: str,
    b: str,
    label_b: str,
    limit: int = LIMIT,
) -> tuple[list[CellSentence], int]:
    """Up to `limit` such sentences in article order, each with its text, and how many
    there are in all. Two queries."""

    def labelled(username: str, key: str) -> Exists:
        return Exists(
            Annotation.objects.filter(
                sentence=OuterRef("pk"),
                is_current=True,
                annotator__username=username,
                label__key=key,
            )
        )

    sentences = Sentence.objects.filter(
        labelled(a, label_a),
        labelled(b, label_b),
        filters.condition(article="article"),
        article__project=project,
    )
    rows = (
        sentences.order_by("article_id", "position")
        # Substr counts from 1; only the sentence's characters leave the database.
        .annotate(text=Substr("article__text", F("start") + 1, F("end") - F("start")))
        .values_list("pk", "article__title", "article__external_id", "position", "text")
    )
    found = [
        CellSentence(pk, title or external_id, position, text)
        for pk, title, external_id, position, text in rows[:limit]
    ]
    return found, (len(found) if len(found) < limit else sentences.count())
