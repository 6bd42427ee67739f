"""One article as the profile reads it: each sentence's label and the kinds of its
sources, for the profile page's strip (a sentence per cell, linking to its review).

Five queries whatever the article's length: its text, its sentences, the chosen labels, their
attributions' kinds, and (for `each`) the annotators' names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet

from claims.models import Annotation, Article, Attribution, GoldAttribution, GoldLabel, Sentence
from claims.sourcing.loading import EACH, GOLD


@dataclass(frozen=True)
class StripSentence:
    pk: int
    position: int
    text: str
    label: str  # the label's key, "" when this set of labels has none for it
    marks: tuple[tuple[str, bool], ...]  # each attribution's kind and whether embedded


@dataclass(frozen=True)
class Strip:
    labels: str  # "gold" or a username
    sentences: tuple[StripSentence, ...]


def article_strips(*, article_id: int, labels: str) -> list[Strip]:
    """The article's sentences under `labels` ("gold", a username, or "each": one strip
    per annotator who labelled any of them, by username)."""
    article_text = Article.objects.filter(pk=article_id).values_list("text", flat=True).first()
    rows = Sentence.objects.filter(article_id=article_id).order_by("position")
    sentences = [
        (pk, position, (article_text or "")[start:end])
        for pk, position, start, end in rows.values_list("pk", "position", "start", "end")
    ]
    ids = [pk for pk, _, _ in sentences]
    if labels == GOLD:
        gold = GoldLabel.objects.filter(sentence_id__in=ids, is_current=True)
        chosen = {
            (GOLD, sentence): (pk, key)
            for pk, sentence, key in gold.values_list("pk", "sentence_id", "label__key")
        }
        kinds = _kinds(GoldAttribution.objects.filter(gold__in=gold), "gold_id")
    else:
        current = Annotation.objects.filter(
            sentence_id__in=ids, is_current=True, label__isnull=False
        )
        if labels != EACH:
            current = current.filter(annotator__username=labels)
        labelled = current.values_list("pk", "sentence_id", "annotator_id", "label__key")
        names = dict(
            User.objects.filter(pk__in=current.values("annotator_id")).values_list("pk", "username")
        )
        chosen = {(names[who], sentence): (pk, key) for pk, sentence, who, key in labelled}
        kinds = _kinds(Attribution.objects.filter(annotation__in=current), "annotation_id")
    sets = [GOLD] if labels == GOLD else sorted({name for name, _ in chosen}) or [labels]
    strips = []
    for name in sets:
        cells = []
        for pk, position, text in sentences:
            revision, key = chosen.get((name, pk), (None, ""))
            marked = kinds.get(revision, []) if revision is not None else []
            cells.append(
                StripSentence(
                    pk=pk,
                    position=position,
                    text=text,
                    label=key,
                    marks=tuple(marked),
                )
            )
        strips.append(Strip(labels=name, sentences=tuple(cells)))
    return strips


def _kinds(attributions: QuerySet, parent: str) -> dict[int, list[tuple[str, bool]]]:
    found: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    rows = attributions.order_by(parent, "position").values_list(parent, "kind__key", "embedded")
    for owner, kind, embedded in rows:
        found[owner].append((kind, embedded))
    return found
