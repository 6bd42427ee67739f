"""Labelled articles the agreement tests share."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims.annotations import record_label
from claims.models import Article, Sentence

KEYS = ["claim", "attribution", "opinion", "other"]


@pytest.fixture
def twenty_labelled(project, alice, bob, labels) -> Callable[[Callable[[int], str]], Article]:
    """twenty_labelled(bob_key): an article of 20 sentences, every label used: alice gives
    sentence n KEYS[n % 4], bob gives it bob_key(n)."""

    def make(bob_key: Callable[[int], str]) -> Article:
        article = Article.objects.create(
            project=project, external_id="a", text="x" * 40, segmenter="m"
        )
        Sentence.objects.bulk_create(
            Sentence(article=article, position=i, start=2 * i, end=2 * i + 1) for i in range(20)
        )
        for number, sentence in enumerate(article.sentences.all()):
            record_label(sentence=sentence, annotator=alice, label=labels[KEYS[number % 4]])
            record_label(sentence=sentence, annotator=bob, label=labels[bob_key(number)])
        return article

    return make
