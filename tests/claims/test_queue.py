"""The queue hands each article to its target of annotators, resumes claims, honours
assignments, lets absent annotators' claims expire, and keeps blind annotators to their
own articles. Races are in tests/concurrency/test_queue_race.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.annotations import record_label
from claims.models import Annotation, Article, ArticleClaim, Sentence
from claims.projects import add_member
from claims.queries import visible_to
from claims.queue import (
    AssignmentError,
    ClaimState,
    assign,
    claim_rows,
    next_article,
    parse_assignment_csv,
    with_target,
)
from tests.conftest import _person

pytestmark = pytest.mark.django_db


def make_articles(project, count: int, *, sentences: int = 2, prefix: str = "a") -> list[Article]:
    articles = []
    for number in range(count):
        text = " ".join(f"Sentence {n}." for n in range(sentences))
        article = Article.objects.create(
            project=project, external_id=f"{prefix}{number}", text=text, segmenter="manual"
        )
        Sentence.objects.bulk_create(
            Sentence(article=article, position=n, start=n * 12, end=n * 12 + 11)
            for n in range(sentences)
        )
        articles.append(article)
    return articles


def finish(article, annotator, labels) -> None:
    for sentence in article.sentences.all():
        record_label(sentence=sentence, annotator=annotator, label=labels["claim"])


@pytest.fixture
def carol(project):
    carol = _person("carol")
    add_member(project=project, user=carol, role="annotator")
    return carol


def test_each_article_goes_to_k_annotators_and_no_more(project, alice, bob, carol):
    project.annotators_per_article = 2
    project.save()
    first, second = make_articles(project, 2)
    assert next_article(project=project, annotator=alice) == first
    assert next_article(project=project, annotator=bob) == first
    assert next_article(project=project, annotator=carol) == second  # first has its two


def test_next_resumes_an_incomplete_claim_and_moves_on_when_it_is_done(project, alice, labels):
    first, second = make_articles(project, 2)
    assert next_article(project=project, annotator=alice) == first
    assert next_article(project=project, annotator=alice) == first  # a double click
    assert ArticleClaim.objects.filter(annotator=alice).count() == 1
    finish(first, alice, labels)
    assert next_article(project=project, annotator=alice) == second
    assert next_article(project=project, annotator=alice) == second


def test_an_absent_annotator_blocks_nobody_once_the_claim_expires(
    project, alice, bob, carol, labels
):
    project.annotators_per_article = 1
    project.claim_expiry = timedelta(hours=1)
    project.save()
    (only,) = make_articles(project, 1)
    assert next_article(project=project, annotator=alice) == only
    record_label(sentence=only.sentences.first(), annotator=alice, label=labels["claim"])
    assert next_article(project=project, annotator=bob) is None  # alice holds the slot
    later = timezone.now() + timedelta(hours=2)
    assert next_article(project=project, annotator=bob, now=later) == only
    # alice's half-done work is kept, shown as expired, and no longer holds a slot.
    rows = {row.claim.annotator.username: row for row in claim_rows(project=project, now=later)}
    assert rows["alice"].state is ClaimState.EXPIRED and rows["alice"].labelled == 1
    assert rows["bob"].state is ClaimState.ACTIVE
    assert Annotation.objects.filter(annotator=alice).count() == 1
    # Coming back, alice does not take back the slot bob now holds.
    assert next_article(project=project, annotator=alice, now=later) is None
    assert next_article(project=project, annotator=carol, now=later) is None


def test_labelling_keeps_a_claim_active(project, alice, bob, labels):
    project.annotators_per_article = 1
    project.claim_expiry = timedelta(hours=1)
    project.save()
    (only,) = make_articles(project, 1, sentences=3)
    assert next_article(project=project, annotator=alice) == only
    claim = ArticleClaim.objects.get()
    ArticleClaim.objects.filter(pk=claim.pk).update(
        last_active_at=timezone.now() - timedelta(hours=5)
    )
    record_label(sentence=only.sentences.first(), annotator=alice, label=labels["claim"])
    assert next_article(project=project, annotator=bob) is None


def test_expired_work_never_counts_towards_k_but_done_work_does(project, alice, bob, carol, labels):
    project.annotators_per_article = 2
    project.claim_expiry = timedelta(hours=1)
    project.save()
    (only,) = make_articles(project, 1)
    next_article(project=project, annotator=alice)
    next_article(project=project, annotator=bob)
    finish(only, bob, labels)
    later = timezone.now() + timedelta(hours=2)
    # alice's claim expired (nothing labelled); bob's is complete and keeps its slot.
    assert next_article(project=project, annotator=carol, now=later) == only
    states = {r.claim.annotator.username: r.state for r in claim_rows(project=project, now=later)}
    assert states == {
        "alice": ClaimState.EXPIRED,
        "bob": ClaimState.COMPLETE,
        "carol": ClaimState.ACTIVE,
    }


def test_newly_imported_articles_are_handed_out(project, alice, labels):
    project.annotators_per_article = 1
    project.save()
    (first,) = make_articles(project, 1)
    assert next_article(project=project, annotator=alice) == first
    finish(first, alice, labels)
    assert next_article(project=project, annotator=alice) is None
    (late,) = make_articles(project, 1, prefix="late")
    assert next_article(project=project, annotator=alice) == late


def test_raising_k_hands_articles_out_again_and_lowering_it_takes_no_claim_away(
    project, alice, bob, carol, labels
):
    project.annotators_per_article = 1
    project.save()
    (only,) = make_articles(project, 1)
    next_article(project=project, annotator=alice)
    assert next_article(project=project, annotator=bob) is None
    project.annotators_per_article = 2
    project.save()
    assert next_article(project=project, annotator=bob) == only
    project.annotators_per_article = 1
    project.save()
    assert next_article(project=project, annotator=carol) is None
    assert ArticleClaim.objects.count() == 2
    assert next_article(project=project, annotator=bob) == only  # bob's claim stays his


def test_an_annotator_never_gets_an_article_they_labelled_before(project, alice, labels):
    first, second = make_articles(project, 2)
    record_label(sentence=first.sentences.first(), annotator=alice, label=labels["claim"])
    # Labelled without a claim (before the queue): touched, so not handed out again.
    assert next_article(project=project, annotator=alice) == second


def test_assigned_articles_come_first_whatever_k_says(project, alice, bob, owen):
    project.annotators_per_article = 1
    project.save()
    first, second, third = make_articles(project, 3)
    next_article(project=project, annotator=bob)  # bob holds `first`
    pairs = parse_assignment_csv(project=project, text="article,annotator\na0,alice\na2,alice\n")
    assert assign(project=project, pairs=pairs, by=owen) == 2
    assert next_article(project=project, annotator=alice) == first  # assigned, over k
    assert ArticleClaim.objects.get(annotator=alice).assigned


def test_assignment_lists_name_the_bad_line_and_field(project, alice):
    make_articles(project, 1)
    with pytest.raises(AssignmentError) as error:
        parse_assignment_csv(project=project, text="a0,alice\nnope,alice\n")
    assert str(error.value) == "line 2, article: 'nope' is no article of this project"
    with pytest.raises(AssignmentError) as error:
        parse_assignment_csv(project=project, text="a0,mallory\n")
    assert str(error.value) == "line 1, annotator: 'mallory' is not a member of this project"
    with pytest.raises(AssignmentError) as error:
        parse_assignment_csv(project=project, text="a0\n")
    assert "line 1, row: has 1 fields" in str(error.value)


def test_overlap_double_codes_the_chosen_share(project):
    project.annotators_per_article = 3
    project.double_coded_percent = 30
    project.save()
    make_articles(project, 200, sentences=1)
    targets = list(
        with_target(Article.objects.filter(project=project), project=project).values_list(
            "target", flat=True
        )
    )
    double = targets.count(3)
    assert targets.count(1) + double == 200
    assert 40 <= double <= 80  # about 30 %
    # Stable: the same articles again, whatever was added since.
    make_articles(project, 10, sentences=1, prefix="more")
    again = with_target(Article.objects.filter(project=project), project=project)
    assert list(again.order_by("pk").values_list("target", flat=True)[:200]) == targets


def test_random_order_is_fixed_by_the_seed(project, alice, bob, carol):
    project.annotators_per_article = 1
    project.queue_order = "random"
    project.queue_seed = 7
    project.save()
    articles = make_articles(project, 12, sentences=1)
    handed = [next_article(project=project, annotator=person) for person in (alice, bob, carol)]
    assert len(set(handed)) == 3
    assert handed != articles[:3]  # not project order
    ArticleClaim.objects.all().delete()
    again = [next_article(project=project, annotator=person) for person in (alice, bob, carol)]
    assert again == handed


def test_blind_annotators_see_only_what_the_queue_gave_them(project, alice, bob, rita):
    project.blind = True
    project.save()
    first, second = make_articles(project, 2)
    next_article(project=project, annotator=alice)
    everything = Article.objects.filter(project=project)
    assert list(visible_to(everything, user=alice)) == [first]
    assert list(visible_to(everything, user=bob)) == []
    assert list(visible_to(everything, user=rita)) == [first, second]  # a reviewer
    project.blind = False
    project.save()
    assert list(visible_to(everything, user=bob)) == [first, second]
