import pytest

from claims.adjudication import (
    NotAReviewer,
    StaleGold,
    adjudicate,
    automatic_gold,
    disputed_sentences,
    refresh_automatic_gold,
)
from claims.annotations import record_label, undo_last_change
from claims.models import GoldLabel, Project


@pytest.fixture
def disputed(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    return sentence


def current_gold(sentence):
    return GoldLabel.objects.filter(sentence=sentence, is_current=True).first()


@pytest.mark.parametrize(
    ("labels", "policy", "expected"),
    [
        ([1, 1], "unanimous", (1, "unanimous")),
        ([1, 2], "unanimous", None),
        ([1], "unanimous", None),  # fewer than required
        ([1, 1, 2], "unanimous", None),
        ([1, 1, 2], "majority", (1, "majority")),
        ([1, 2, 3, 3], "majority", None),  # half is no majority
        ([], "majority", None),
    ],
)
def test_automatic_gold_follows_the_policy(labels, policy, expected):
    assert automatic_gold(labels, required=2, policy=policy) == expected


def test_disputed_sentences_lists_only_disagreements(disputed, article, alice, bob, labels):
    agreed = article.sentences.get(position=2)
    record_label(sentence=agreed, annotator=alice, label=labels["claim"])
    record_label(sentence=agreed, annotator=bob, label=labels["claim"])
    assert list(disputed_sentences(project=article.project)) == [disputed]


def test_most_disputed_sentences_come_first(disputed, article, alice, bob, rita, labels):
    three_way = article.sentences.get(position=3)
    for person, key in [(alice, "claim"), (bob, "opinion"), (rita, "other")]:
        record_label(sentence=three_way, annotator=person, label=labels[key])
    assert list(disputed_sentences(project=article.project)) == [three_way, disputed]


def test_adjudicated_sentences_leave_the_queue(disputed, rita, labels):
    adjudicate(sentence=disputed, label=labels["claim"], by=rita)
    assert not disputed_sentences(project=disputed.article.project).exists()


def test_reviewer_override_keeps_the_earlier_decision(disputed, rita, owen, labels):
    first = adjudicate(sentence=disputed, label=labels["claim"], by=rita)
    adjudicate(
        sentence=disputed, label=labels["opinion"], by=owen, note="quoted", based_on=first.pk
    )
    history = GoldLabel.objects.filter(sentence=disputed).order_by("pk")
    assert [(g.label.key, g.reviewer.username, g.is_current) for g in history] == [
        ("claim", "rita", False),
        ("opinion", "owen", True),
    ]


def test_stale_decision_is_refused(disputed, rita, owen, labels):
    adjudicate(sentence=disputed, label=labels["claim"], by=rita)
    with pytest.raises(StaleGold):
        adjudicate(sentence=disputed, label=labels["opinion"], by=owen, based_on=0)


def test_annotators_cannot_adjudicate(disputed, alice, labels):
    with pytest.raises(NotAReviewer):
        adjudicate(sentence=disputed, label=labels["claim"], by=alice)


def test_unanimous_labels_earn_gold(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    refresh_automatic_gold(sentences=sentence.article.sentences.all())
    gold = current_gold(sentence)
    assert (gold.label.key, gold.method, gold.reviewer) == ("claim", "unanimous", None)


def test_automatic_gold_is_retired_when_labels_diverge(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    refresh_automatic_gold(sentences=sentence.article.sentences.all())
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    refresh_automatic_gold(sentences=sentence.article.sentences.all())
    assert current_gold(sentence) is None


def test_majority_policy_gives_majority_gold(sentence, project, alice, bob, rita, labels):
    Project.objects.filter(pk=project.pk).update(auto_gold="majority", annotators_per_article=3)
    for person, key in [(alice, "claim"), (bob, "claim"), (rita, "opinion")]:
        record_label(sentence=sentence, annotator=person, label=labels[key])
    refresh_automatic_gold(sentences=sentence.article.sentences.all())
    assert current_gold(sentence).method == "majority"


def test_automatic_gold_never_replaces_a_reviewer(disputed, rita, bob, labels):
    adjudicate(sentence=disputed, label=labels["opinion"], by=rita)
    record_label(sentence=disputed, annotator=bob, label=labels["claim"])  # now unanimous
    refresh_automatic_gold(sentences=disputed.article.sentences.all())
    assert current_gold(disputed).method == "adjudicated"


def test_refreshing_twice_changes_nothing_the_second_time(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    refresh_automatic_gold(sentences=sentence.article.sentences.all())
    assert refresh_automatic_gold(sentences=sentence.article.sentences.all()) == 0


def test_labelling_alone_sets_unanimous_gold(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    assert current_gold(sentence).method == "unanimous"


def test_undoing_a_label_retires_the_gold_it_earned(sentence, article, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    undo_last_change(article=article, annotator=bob)
    assert current_gold(sentence) is None
