"""The queue across two web processes: annotators press "Next" at the same moment, half of
them on each process (as behind a load balancer). The claims are made in PostgreSQL, not in
either process, so no article gets more than k annotators and every slot is handed out."""

from __future__ import annotations

from collections import Counter

import pytest

from claims.models import Article, ArticleClaim, Sentence
from claims.projects import add_member
from claims.tokens import create_token
from tests.concurrency.conftest import send_at_once
from tests.conftest import _person
from tests.serving.conftest import entrypoint, needs_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

NEXT = "/api/v1/projects/iraq/queue/next/"
K, ARTICLES = 2, 3


def test_two_web_processes_hand_out_each_slot_once(collected_static, project):
    project.blind, project.annotators_per_article = True, K
    project.save(update_fields=["blind", "annotators_per_article"])
    for number in range(ARTICLES):
        article = Article.objects.create(
            project=project, external_id=f"q{number}", text="One. Two.", segmenter="manual"
        )
        Sentence.objects.create(article=article, position=0, start=0, end=4)
        Sentence.objects.create(article=article, position=1, start=5, end=9)
    team = [_person(f"coder{n}") for n in range(K * ARTICLES + 2)]  # two more than slots
    for person in team:
        add_member(project=project, user=person, role="annotator")
    tokens = [{"Authorization": f"Token {create_token(user=person)}"} for person in team]

    with (
        entrypoint("web", static_root=collected_static) as first,
        entrypoint("web", static_root=collected_static, MIGRATE="false") as second,
    ):
        servers = [first, second]
        answers = send_at_once(
            [
                (lambda s=servers[i % 2], h=headers: s.send("POST", NEXT, headers=h))
                for i, headers in enumerate(tokens)
            ]
        )
        assert [answer.status for answer in answers] == [200] * len(team), [a.body for a in answers]
        given = [answer.json()["article"] for answer in answers]
        per_article = Counter(article["id"] for article in given if article)
        assert sorted(per_article.values()) == [K] * ARTICLES  # every slot, none twice
        assert given.count(None) == 2  # the two beyond the slots get nothing
        # Pressing Next again on the other process resumes the same claim.
        again = servers[1].send("POST", NEXT, headers=tokens[0]).json()["article"]
        assert again == given[0]
    assert ArticleClaim.objects.count() == K * ARTICLES
