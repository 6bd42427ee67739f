import pytest

from claims import queries
from claims.annotations import record_label
from claims.projects import create_project


@pytest.fixture
def alice_labelled_two(article, alice, labels):
    first, second, third = article.sentences.all()[:3]
    record_label(sentence=first, annotator=alice, label=labels["claim"])
    record_label(sentence=second, annotator=alice, label=labels["opinion"])
    record_label(sentence=third, annotator=alice, label=labels["other"])
    record_label(sentence=third, annotator=alice, label=None)  # cleared: not labelled
    return article


def test_projects_for_lists_only_memberships(project, alice, olga):
    create_project(name="Other", owner=olga)
    assert [p.slug for p in queries.projects_for(alice)] == ["iraq"]


def test_projects_for_outsider_is_empty(project, olga):
    assert list(queries.projects_for(olga)) == []


def test_project_progress_counts_own_labelled_sentences(alice_labelled_two, alice):
    project = queries.projects_with_progress(alice).get()
    assert (project.labelled, project.total, project.role) == (2, 4, "annotator")


def test_project_progress_ignores_other_annotators(alice_labelled_two, bob):
    assert queries.projects_with_progress(bob).get().labelled == 0


def test_article_progress_counts_own_labelled_sentences(alice_labelled_two, alice, project):
    article = queries.articles_with_progress(user=alice, project=project).get()
    assert (article.labelled, article.total) == (2, 4)


def test_article_progress_of_one_article(alice_labelled_two, alice):
    progress = queries.article_progress(article=alice_labelled_two, annotator=alice)
    assert (progress.labelled, progress.total, progress.percent) == (2, 4, 50)


def test_articles_for_outsider_is_empty(article, olga):
    assert not queries.articles_for(user=olga).exists()


def test_sentences_for_outsider_is_empty(article, olga):
    assert not queries.sentences_for(olga).exists()


def test_sentence_rows_carry_only_the_annotators_own_labels(article, alice, bob, labels):
    sentence = article.sentences.first()
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    rows = queries.sentence_rows(article=article, annotator=alice)
    assert [row.annotation for row in rows] == [None] * len(rows)
    mine = queries.sentence_rows(article=article, annotator=bob)
    assert [row.annotation.label.key if row.annotation else None for row in mine][:1] == ["opinion"]


def test_sentence_rows_rebuild_the_article_text(article, alice):
    rows = queries.sentence_rows(article=article, annotator=alice)
    text = "".join(row.gap_before + row.text + row.gap_after for row in rows)
    assert text == article.text


def test_sentence_rows_carry_the_current_label(alice_labelled_two, alice):
    rows = queries.sentence_rows(article=alice_labelled_two, annotator=alice)
    assert [row.is_labelled for row in rows] == [True, True, False, False]


def test_labelled_flags_follow_sentence_order(alice_labelled_two, alice):
    flags = queries.labelled_flags(article=alice_labelled_two, annotator=alice)
    assert flags == [(0, True), (1, True), (2, False), (3, False)]


@pytest.mark.parametrize(
    ("flags", "after", "expected"),
    [
        ([(0, False), (1, False)], None, 0),
        ([(0, True), (1, False)], None, 1),
        ([(0, False), (1, True), (2, False)], 0, 2),
        ([(0, False), (1, True), (2, True)], 2, 0),  # wraps to the first unlabelled
        ([(0, True), (1, True), (2, True)], 0, 1),  # all labelled: simply the next one
        ([(0, True), (1, True)], 1, 1),  # all labelled, at the end: stay
        ([(0, True), (1, True)], None, 0),
        ([], None, None),
    ],
)
def test_next_position(flags, after, expected):
    assert queries.next_position(flags, after=after) == expected
