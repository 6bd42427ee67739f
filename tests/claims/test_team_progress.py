"""Team progress: counts from the progress rows, medians, agreement from the report, and a
fixed number of queries however large the team."""

import pytest
from django.contrib.auth.models import User

from claims.annotations import record_label
from claims.models import Article, Sentence
from claims.projects import add_member
from claims.team_progress import (
    annotator_progress,
    article_rows,
    filter_articles,
    own_progress,
    project_progress,
    team_done_counts,
    team_progress,
)


def label_all(article, annotator, label, seconds=None):
    for sentence in article.sentences.all():
        record_label(sentence=sentence, annotator=annotator, label=label, seconds=seconds)


@pytest.fixture
def second_article(project):
    article = Article.objects.create(
        project=project, external_id="second", text="One. Two.", segmenter="manual"
    )
    Sentence.objects.bulk_create(
        [
            Sentence(article=article, position=0, start=0, end=4),
            Sentence(article=article, position=1, start=5, end=9),
        ]
    )
    return article


def test_an_article_both_annotators_finished_is_done_by_k(article, labels, alice, bob, project):
    label_all(article, alice, labels["claim"])
    label_all(article, bob, labels["claim"])
    assert project_progress(project=project).articles_done == 1


def test_an_article_one_annotator_started_is_in_progress(
    article, second_article, labels, alice, project
):
    record_label(sentence=article.sentences.first(), annotator=alice, label=labels["claim"])
    overall = project_progress(project=project)
    assert (overall.articles_done, overall.articles_in_progress, overall.articles_not_started) == (
        0,
        1,
        1,
    )


def test_overall_counts_sentences_labels_and_gold(article, labels, alice, bob, project):
    label_all(article, alice, labels["claim"])
    label_all(article, bob, labels["claim"])  # unanimous: automatic gold
    overall = project_progress(project=project)
    assert (overall.sentences, overall.sentences_labelled, overall.gold_decided) == (4, 8, 4)


def test_each_annotator_has_started_done_and_labelled_counts(
    article, second_article, labels, alice, project
):
    label_all(article, alice, labels["claim"])
    record_label(sentence=second_article.sentences.first(), annotator=alice, label=labels["claim"])
    rows = {row.username: row for row in annotator_progress(project=project)[0]}
    assert (rows["alice"].articles_started, rows["alice"].articles_done) == (2, 1)


def test_an_annotator_without_labels_is_listed_with_zeros(project):
    rows = {row.username: row for row in annotator_progress(project=project)[0]}
    assert (rows["bob"].sentences_labelled, rows["bob"].median_seconds) == (0, None)


def test_reviewers_who_never_labelled_are_not_annotators(project):
    names = [row.username for row in annotator_progress(project=project)[0]]
    assert names == ["alice", "bob"]


def test_a_cleared_label_does_not_count(sentence, labels, alice, project):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=alice, label=None)
    rows = {row.username: row for row in annotator_progress(project=project)[0]}
    assert rows["alice"].articles_started == 0


def test_the_median_is_of_timed_current_labels(article, labels, alice, project):
    for seconds, sentence in zip([1.0, 2.0, 9.0, None], article.sentences.all(), strict=True):
        record_label(sentence=sentence, annotator=alice, label=labels["claim"], seconds=seconds)
    rows = {row.username: row for row in annotator_progress(project=project)[0]}
    assert rows["alice"].median_seconds == 2.0


def test_agreement_comes_from_the_agreement_report(article, labels, alice, bob, project):
    label_all(article, alice, labels["claim"])
    first, *rest = article.sentences.all()
    record_label(sentence=first, annotator=bob, label=labels["opinion"])
    for sentence in rest:
        record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    rows = {row.username: row for row in team_progress(project=project).annotators}
    assert rows["alice"].agreement_with_others == 0.75


def test_agreement_is_none_without_shared_sentences(article, labels, alice, project):
    label_all(article, alice, labels["claim"])
    rows = {row.username: row for row in team_progress(project=project).annotators}
    assert rows["alice"].mean_cohen_kappa is None


def test_own_progress_holds_only_the_user_and_no_agreement(article, labels, alice, bob, project):
    label_all(article, alice, labels["claim"])
    label_all(article, bob, labels["claim"])
    progress = own_progress(project=project, user=alice)
    assert [(r.username, r.agreement_with_others) for r in progress.annotators] == [("alice", None)]


def test_own_progress_says_nothing_of_the_team(article, labels, alice, bob, project):
    label_all(article, bob, labels["claim"])
    assert own_progress(project=project, user=alice).overall.sentences_labelled == 0


@pytest.mark.parametrize(("show", "expected"), [("all", 2), ("incomplete", 1), ("done", 1)])
def test_articles_filter_by_done_by_k(
    article, second_article, labels, alice, bob, project, show, expected
):
    label_all(article, alice, labels["claim"])
    label_all(article, bob, labels["claim"])
    assert filter_articles(project=project, show=show).count() == expected


def test_article_rows_name_done_and_in_progress_annotators(article, labels, alice, bob, project):
    label_all(article, alice, labels["claim"])
    record_label(sentence=article.sentences.first(), annotator=bob, label=labels["claim"])
    (row,) = article_rows(project=project, article_ids=[article.pk])
    assert (row.done_names, row.in_progress_names, row.done, row.k) == (["alice"], ["bob"], 1, 2)


def test_team_done_counts_per_article(article, second_article, labels, alice, bob, project):
    label_all(article, alice, labels["claim"])
    label_all(article, bob, labels["claim"])
    counts = team_done_counts(project=project, article_ids=[article.pk, second_article.pk])
    assert counts == {article.pk: 2}


@pytest.mark.parametrize("team", [2, 20])
def test_team_progress_query_count_does_not_grow(project, labels, team, django_assert_num_queries):
    articles = Article.objects.bulk_create(
        Article(project=project, external_id=f"a{n}", text="One. Two.", segmenter="manual")
        for n in range(team)
    )
    Sentence.objects.bulk_create(
        Sentence(article=article, position=p, start=s, end=e)
        for article in articles
        for p, (s, e) in enumerate([(0, 4), (5, 9)])
    )
    people = [User.objects.create_user(f"person{n}") for n in range(team)]
    for n, person in enumerate(people):
        add_member(project=project, user=person, role="annotator")
        for sentence in articles[n].sentences.all():
            record_label(sentence=sentence, annotator=person, label=labels["claim"], seconds=n)
    team_progress(project=project)  # the agreement report is computed and stored once
    # Per annotator: counts, roles, users, medians, the agreement fingerprint (three) and
    # the cached report; overall: the counts and gold.
    with django_assert_num_queries(10):
        progress = team_progress(project=project)
    assert len(progress.annotators) == team + 2
