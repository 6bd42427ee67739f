"""Many annotators press "Next article" at the same moment, on a live server with a
connection each: no article gets more annotators than k, nobody gets two claims from a
double click, and every free slot is handed out. The queue keeps no state in the web
process, so a second live server (another process's view) sees the same claims."""

from __future__ import annotations

import urllib.request
from collections import Counter

import pytest
from django.urls import reverse

from claims.models import Article, ArticleClaim, Sentence
from claims.projects import add_member
from tests.concurrency.conftest import call, needs_postgresql, send_at_once
from tests.conftest import _person

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
ANNOTATORS = 8


@pytest.fixture
def team(project):
    people = [_person(f"coder{n}") for n in range(ANNOTATORS)]
    for person in people:
        add_member(project=project, user=person, role="annotator")
    return people


def make_articles(project, count: int) -> list[Article]:
    made = []
    for number in range(count):
        article = Article.objects.create(
            project=project, external_id=f"q{number}", text="One. Two.", segmenter="manual"
        )
        Sentence.objects.create(article=article, position=0, start=0, end=4)
        Sentence.objects.create(article=article, position=1, start=5, end=9)
        made.append(article)
    return made


def _next(live_server, browser_session, person):
    opener, headers = browser_session(person)
    url = live_server.url + reverse("next_article", args=["iraq"])

    def send():
        return call(opener, urllib.request.Request(url, headers=headers))

    return send


@pytest.mark.parametrize("round_", range(3))
def test_racing_next_requests_never_exceed_k(live_server, browser_session, project, team, round_):
    project.annotators_per_article = 2
    project.blind = True
    project.save()
    make_articles(project, 3)  # 6 slots for 8 annotators
    answers = send_at_once([_next(live_server, browser_session, p) for p in team])
    assert all(answer.status == 302 for answer in answers)
    per_article = Counter(ArticleClaim.objects.values_list("article_id", flat=True))
    assert sorted(per_article.values()) == [2, 2, 2]
    assert ArticleClaim.objects.count() == 6  # every slot handed out, none twice
    sent_to = Counter(answer.body.get("html", "") for answer in answers)
    assert sum(sent_to.values()) == ANNOTATORS


def test_a_double_click_claims_one_article(live_server, browser_session, project, team):
    project.annotators_per_article = 1
    project.save()
    make_articles(project, 4)
    presses = [_next(live_server, browser_session, team[0]) for _ in range(4)]
    send_at_once(presses)
    assert ArticleClaim.objects.filter(annotator=team[0]).count() == 1
