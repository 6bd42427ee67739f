"""API clients for the named people, and the data the API tests share."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from claims.models import Article, Sentence

PEOPLE = ("alice", "rita", "owen", "olga")

# Every API request spends from its user's rate budget in the database
# (claims/api/throttling.py): this many queries, whatever the data. The query-count pins
# add it to what the view itself needs.
THROTTLE_QUERIES = 1


@pytest.fixture
def api(db) -> Callable[[User | None], APIClient]:
    """api(user) is a client authenticated as `user`; api(None) is anonymous."""

    def client_for(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def as_person(request, api, project) -> Callable[[str | None], APIClient]:
    """as_person("alice") authenticates as a conftest person by name; None: anonymous."""

    def client_for(name: str | None) -> APIClient:
        return api(None if name is None else request.getfixturevalue(name))

    return client_for


@pytest.fixture
def as_alice(api, alice, project) -> APIClient:
    return api(alice)


@pytest.fixture
def as_bob(api, bob, project) -> APIClient:
    return api(bob)


@pytest.fixture
def as_rita(api, rita, project) -> APIClient:
    return api(rita)


@pytest.fixture
def as_owen(api, owen, project) -> APIClient:
    return api(owen)


@pytest.fixture
def make_article(project) -> Callable[[int], Article]:
    """make_article(n): an article of n one-word sentences, for query counts and pages."""

    def make(count: int, external_id: str = "long") -> Article:
        words = [f"Sentence{position}." for position in range(count)]
        article = Article.objects.create(
            project=project, external_id=external_id, text=" ".join(words), segmenter="manual"
        )
        sentences, start = [], 0
        for position, word in enumerate(words):
            sentences.append(
                Sentence(article=article, position=position, start=start, end=start + len(word))
            )
            start += len(word) + 1
        Sentence.objects.bulk_create(sentences)
        return article

    return make
