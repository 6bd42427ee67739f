"""The annotator's own progress in each article ("my progress" on the project page) and the
next article to annotate: the rule, edge cases included, is what it was when both walked
the annotations (a cleared sentence is not labelled; an article without sentences has
none left to label, and none labelled)."""

import pytest

from claims import queries
from claims.annotations import record_label
from claims.models import Article, Sentence


@pytest.fixture
def states(project, labels, alice, bob) -> dict[str, Article]:
    """Articles of three sentences (but "empty", of none) in these states for alice."""

    def make(name: str, sentences: int = 3) -> Article:
        article = Article.objects.create(
            project=project, external_id=name, text="A. B. C.", segmenter="manual"
        )
        Sentence.objects.bulk_create(
            Sentence(article=article, position=p, start=3 * p, end=3 * p + 2)
            for p in range(sentences)
        )
        return article

    def label(article: Article, positions: range, *, by=alice, label=labels["claim"]) -> None:
        for sentence in article.sentences.filter(position__in=positions):
            record_label(sentence=sentence, annotator=by, label=label)

    made = {"all": make("all"), "empty": make("empty", sentences=0)}  # first in order
    for name in ("reopened", "untouched", "cleared", "half", "bobs"):
        made[name] = make(name)
    label(made["cleared"], range(1))
    label(made["cleared"], range(1), label=None)
    label(made["half"], range(2))
    label(made["all"], range(3))
    label(made["reopened"], range(3))
    label(made["reopened"], range(2, 3), label=None)
    label(made["bobs"], range(3), by=bob)
    return made


def narrowed(project, user, progress: str) -> set[str]:
    articles = queries.filter_by_progress(
        Article.objects.filter(project=project), user=user, progress=progress
    )
    return set(articles.values_list("external_id", flat=True))


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        ("todo", {"untouched", "cleared", "empty", "bobs"}),
        ("started", {"half", "reopened"}),
        ("done", {"all", "empty"}),
    ],
)
def test_my_progress_follows_the_annotators_own_labels(states, project, alice, progress, expected):
    assert narrowed(project, alice, progress) == expected


def test_another_annotators_progress_is_their_own(states, project, bob):
    assert narrowed(project, bob, "done") == {"bobs", "empty"}


def test_the_next_article_is_the_first_with_an_unlabelled_sentence(states, project, alice):
    # "all" is finished and "empty" has nothing to label; "reopened" had one cleared.
    found = queries.next_article_id(user=alice, project=project)
    assert found == states["reopened"].pk


def test_there_is_no_next_article_when_all_are_labelled(states, project, labels, bob):
    for sentence in Sentence.objects.exclude(article=states["bobs"]):
        record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    assert queries.next_article_id(user=bob, project=project) is None
