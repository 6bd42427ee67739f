"""The review page names each attribution's entity by the text of its first mention."""

import re

import pytest
from django.urls import reverse

from claims.adjudication import adjudicate
from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span

QUEUE = reverse("review", args=["iraq"])
A_REPORT, DRONES = Span(73, 81), Span(0, 6)  # in the fixture's sentence 2; in sentence 1


@pytest.fixture
def disputed(sentence, alice, bob, labels):
    """alice links "a report" to "Drones", marked in the sentence before; bob's source of
    the same id has no span."""
    first = sentence.article.sentences.get(position=0)
    record_label(
        sentence=first,
        annotator=alice,
        label=labels["attribution"],
        attributions=[AttributionSpec(kind="vague", source=DRONES, entity="E1")],
    )
    for person, kind, source in [(alice, "anonymous", A_REPORT), (bob, "vague", None)]:
        record_label(
            sentence=sentence,
            annotator=person,
            label=labels["attribution"],
            attributions=[AttributionSpec(kind=kind, source=source, entity="E1")],
        )
    return sentence


@pytest.fixture
def as_rita(client, rita):
    client.force_login(rita)
    return client


def entity_of(html, username):
    reading = re.search(rf'data-annotator="{username}">(.*?)</ol>', html, re.S).group(1)
    return re.search(r'<span class="part entity"(.*?)</span>\s*</li>', reading, re.S).group(1)


def test_an_entity_is_named_by_its_first_mention_in_the_article(as_rita, disputed):
    entity = entity_of(as_rita.get(QUEUE).content.decode(), "alice")
    assert '<span class="muted">entity</span> <q>Drones</q>' in entity


def test_the_entity_id_stays_in_the_page(as_rita, disputed):
    entity = entity_of(as_rita.get(QUEUE).content.decode(), "alice")
    assert 'data-entity="E1" title="entity E1"' in entity


def test_an_entity_without_a_mention_with_a_span_is_named_by_its_id(as_rita, disputed):
    # bob's E1 is not alice's: entities link one annotator's mentions.
    entity = entity_of(as_rita.get(QUEUE).content.decode(), "bob")
    assert entity.endswith('<span class="muted">entity</span> E1')


def test_a_gold_entity_is_named_by_the_gold_s_first_mention(as_rita, disputed, rita, alice):
    adjudicate(sentence=disputed, by=rita, take_from=alice)
    html = as_rita.get(QUEUE, {"show": "decided"}).content.decode()
    gold = re.search(r'<div class="reading gold-reading">(.*?)</ol>', html, re.S).group(1)
    assert '<span class="muted">entity</span> <q>a report</q>' in gold  # "Drones" is not gold


@pytest.mark.parametrize("count", [2, 12])
def test_decided_sentences_query_count_does_not_grow_with_gold_entities(
    as_rita, make_article, alice, bob, rita, labels, count, django_assert_max_num_queries
):
    article = make_article(count)
    for sentence in article.sentences.all():
        for person, kind in [(alice, "anonymous"), (bob, "vague")]:
            spec = AttributionSpec(kind=kind, source=Span(sentence.start, sentence.end))
            record_label(
                sentence=sentence,
                annotator=person,
                label=labels["attribution"],
                attributions=[spec],
            )
        adjudicate(sentence=sentence, by=rita, take_from=alice)
    # Sixteen for 2 or 12 sentences: the first mentions of the annotators' entities and
    # of the gold's take one query each, whatever the number of sentences (two more: the
    # open flags and send-backs).
    with django_assert_max_num_queries(18):
        assert as_rita.get(QUEUE, {"show": "decided"}).status_code == 200
