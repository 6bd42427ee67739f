"""The queue over the API: annotators claim their next article and see their own claims;
reviewers see everyone's; outsiders find nothing."""

from __future__ import annotations

import pytest

from claims.models import ArticleClaim

pytestmark = pytest.mark.django_db

NEXT = "/api/v1/projects/iraq/queue/next/"
CLAIMS = "/api/v1/projects/iraq/claims/"


@pytest.fixture
def k1(project, article):
    project.annotators_per_article = 1
    project.blind = True
    project.save()
    return project


def test_an_annotator_claims_the_next_article_and_repeating_resumes_it(k1, article, api, alice):
    first = api(alice).post(NEXT)
    assert first.status_code == 200
    assert first.json()["article"]["id"] == article.pk
    assert first.json()["detail"] == "Claimed."
    assert api(alice).post(NEXT).json()["article"]["id"] == article.pk
    assert ArticleClaim.objects.filter(annotator=alice).count() == 1


def test_when_nothing_is_left_the_article_is_null(k1, article, api, alice, bob):
    api(alice).post(NEXT)
    answer = api(bob).post(NEXT)
    assert answer.status_code == 200
    assert answer.json()["article"] is None
    assert "No more articles for you" in answer.json()["detail"]


def test_reviewers_and_owners_do_not_take_from_the_queue(k1, api, rita, owen):
    for person in (rita, owen):
        assert api(person).post(NEXT).status_code == 403


def test_outsiders_find_no_queue(k1, api, olga):
    assert api(olga).post(NEXT).status_code == 404
    assert api(olga).get(CLAIMS).status_code == 404
    assert api(None).post(NEXT).status_code in (401, 403)


def test_annotators_see_only_their_own_claims_reviewers_everyone_s(
    project, article, api, alice, bob, rita
):
    project.annotators_per_article = 2
    project.save()
    api(alice).post(NEXT)
    api(bob).post(NEXT)
    mine = api(alice).get(CLAIMS).json()
    assert [(c["annotator"], c["state"], c["article"]) for c in mine] == [
        ("alice", "active", article.pk)
    ]
    everyone = api(rita).get(CLAIMS).json()
    assert sorted(c["annotator"] for c in everyone) == ["alice", "bob"]
    assert everyone[0]["sentences"] == 4 and everyone[0]["labelled"] == 0


def test_a_blind_annotator_cannot_read_an_article_the_queue_did_not_give_them(
    k1, article, api, alice, bob
):
    assert api(bob).get(f"/api/v1/articles/{article.pk}/").status_code == 404
    api(alice).post(NEXT)
    assert api(alice).get(f"/api/v1/articles/{article.pk}/").status_code == 200
    assert api(bob).get(f"/api/v1/articles/{article.pk}/sentences/").status_code == 404
    assert api(bob).get("/api/v1/projects/iraq/articles/").json()["results"] == []
    listed = api(alice).get("/api/v1/projects/iraq/articles/").json()["results"]
    assert [found["id"] for found in listed] == [article.pk]
