"""The review page shows each annotator's attributions, and takes one annotation whole."""

import re

import pytest
from django.urls import reverse

from claims.adjudication import adjudicate
from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span, current_attributions
from claims.models import Annotation, Attribution, GoldLabel, SourceKind

HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUE = reverse("review", args=["iraq"])
A_REPORT, SAYS = Span(73, 81), Span(82, 86)  # in the fixture's sentence 2 (position 1)
DRONES, SHARE = Span(0, 6), Span(143, 148)  # the sentence before; two sentences after


def attribution(kind, source=A_REPORT, cue=SAYS, **fields):
    return AttributionSpec(kind=kind, source=source, cue=cue, **fields)


@pytest.fixture
def disputed(sentence, alice, bob, labels):
    """Both say attribution to "a report says", alice an anonymous source, bob a vague one."""
    for person, kind in [(alice, "anonymous"), (bob, "vague")]:
        record_label(
            sentence=sentence,
            annotator=person,
            label=labels["attribution"],
            attributions=[attribution(kind)],
        )
    return sentence


@pytest.fixture
def as_rita(client, rita):
    client.force_login(rita)
    return client


def reading_of(html, username):
    found = re.search(
        rf'<li class="reading[^"]*" data-annotator="{username}">(.*?)</li>\s*</ol>', html, re.S
    )
    return found.group(1)


def take(client, sentence, *, htmx=False, follow=False, **fields):
    data = {"take_from": "bob", "note": "", "based_on": 0} | fields
    url = reverse("decide_gold", args=["iraq", sentence.pk])
    return client.post(url, data, follow=follow, **(HTMX if htmx else {}))


def gold_kinds(sentence):
    gold = GoldLabel.objects.get(sentence=sentence, is_current=True)
    return gold.label.key, [spec.kind for spec in current_attributions(gold)[0]]


@pytest.mark.parametrize(("person", "kind"), [("alice", "anonymous"), ("bob", "vague")])
def test_queue_draws_each_annotators_source_with_its_kind(as_rita, disputed, person, kind):
    reading = reading_of(as_rita.get(QUEUE).content.decode(), person)
    drawn = f'<span class="mark source" data-kind="{kind}" data-entity="m73" data-tag="{kind}">'
    assert drawn + "a report</span>" in reading


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        (
            DRONES,
            '<q class="source-text">Drones</q> '
            '<span class="part muted">in the sentence before</span>',
        ),
        (
            SHARE,
            '<q class="source-text">SHARE</q> <span class="part muted">later in the article</span>',
        ),
        (None, '<span class="part muted">no source span</span>'),
    ],
)
def test_queue_names_a_source_outside_the_sentence_by_its_text(
    as_rita, disputed, bob, labels, source, shown
):
    spec = attribution("vague", source=source)
    record_label(sentence=disputed, annotator=bob, label=labels["attribution"], attributions=[spec])
    assert shown in reading_of(as_rita.get(QUEUE).content.decode(), "bob")


def test_queue_spells_out_relays_and_embedded_attributions(as_rita, disputed, bob, labels):
    specs = [
        attribution("news_media"),
        attribution("anonymous", source=DRONES, via=0, embedded=True),
    ]
    record_label(sentence=disputed, annotator=bob, label=labels["attribution"], attributions=specs)
    line = reading_of(as_rita.get(QUEUE).content.decode(), "bob").split("<li")[2]
    assert re.findall(r'<span class="part">([^<]+)</span>', line) == ["via 1", "embedded"]


def test_queue_shows_the_gold_attributions(as_rita, disputed, rita, bob):
    adjudicate(sentence=disputed, by=rita, take_from=bob)
    html = as_rita.get(QUEUE, {"show": "decided"}).content.decode()
    gold = re.search(r'<div class="reading gold-reading">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r'data-kind="(\w+)"', gold) == ["vague", "vague"]  # drawn, listed


def test_htmx_take_stores_the_annotators_attributions_on_gold(as_rita, disputed):
    assert take(as_rita, disputed, htmx=True).status_code == 200
    assert gold_kinds(disputed) == ("attribution", ["vague"])


def test_htmx_take_swaps_the_sentence_showing_the_taken_reading_as_gold(as_rita, disputed):
    html = take(as_rita, disputed, htmx=True).content.decode()
    assert re.search(r'data-annotator="bob">.*?= gold', html, re.S)


def test_plain_take_redirects_to_the_queue(as_rita, disputed):
    response = take(as_rita, disputed)
    assert (response.status_code, response["Location"]) == (303, QUEUE)


def test_plain_take_says_whose_annotation_became_gold(as_rita, disputed):
    response = take(as_rita, disputed, follow=True)
    assert b"Gold label set: Attribution (bob&#x27;s annotation)." in response.content


def test_a_label_alone_still_takes_the_first_annotators_attributions(as_rita, disputed):
    data = {"label": "attribution", "note": "", "based_on": 0}
    as_rita.post(reverse("decide_gold", args=["iraq", disputed.pk]), data, **HTMX)
    assert gold_kinds(disputed) == ("attribution", ["anonymous"])  # alice: first by name


@pytest.fixture
def decided_by_owen(disputed, owen, alice):
    return adjudicate(sentence=disputed, by=owen, take_from=alice)


def test_stale_take_answers_409_with_the_current_gold(as_rita, disputed, decided_by_owen):
    response = take(as_rita, disputed, based_on=0, htmx=True)
    html = response.content.decode()
    assert response.status_code == 409 and "by owen" in html
    assert 'data-annotator="alice">' in html and gold_kinds(disputed) == (
        "attribution",
        ["anonymous"],
    )


def test_stale_plain_take_shows_the_page_with_409(as_rita, disputed, decided_by_owen):
    response = take(as_rita, disputed, based_on=0)
    assert response.status_code == 409 and b"<html" in response.content


def test_take_based_on_the_current_gold_replaces_it(as_rita, disputed, decided_by_owen):
    take(as_rita, disputed, based_on=decided_by_owen.pk, htmx=True)
    assert gold_kinds(disputed) == ("attribution", ["vague"])


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"take_from": "zed"}, "Take from: zed is not an annotator of this project."),
        ({"take_from": "owen"}, "Take from: owen has no label for this sentence"),
        ({"label": "claim"}, "Choose a label or take an annotator&#x27;s annotation, not both."),
        ({"take_from": ""}, "Label: Choose a label."),
    ],
)
def test_bad_take_answers_422_naming_the_problem(as_rita, disputed, fields, error):
    response = take(as_rita, disputed, htmx=True, **fields)
    assert response.status_code == 422 and error in response.content.decode()


def test_bad_take_plain_post_shows_the_page_with_the_error(as_rita, disputed):
    response = take(as_rita, disputed, take_from="zed")
    assert response.status_code == 422 and b"zed is not an annotator" in response.content


def test_bad_take_stores_no_gold(as_rita, disputed):
    take(as_rita, disputed, take_from="owen", htmx=True)
    assert not GoldLabel.objects.filter(sentence=disputed).exists()


@pytest.mark.parametrize(("count", "per_annotation"), [(3, 1), (60, 4)])
def test_queue_query_count_does_not_grow_with_attributions(
    as_rita,
    make_article,
    alice,
    bob,
    labels,
    count,
    per_annotation,
    django_assert_max_num_queries,
):
    article = make_article(count)
    kinds = list(SourceKind.objects.filter(project=article.project))
    annotations = Annotation.objects.bulk_create(
        Annotation(sentence=sentence, annotator=person, label=labels["attribution"])
        for sentence in article.sentences.all()
        for person in (alice, bob)
    )
    Attribution.objects.bulk_create(
        Attribution(
            annotation=annotation,
            position=position,
            source_start=annotation.sentence.start,
            source_end=annotation.sentence.start + 8,
            kind=kinds[(annotation.annotator_id + position) % len(kinds)],
            entity=f"e{position}",
        )
        for annotation in annotations
        for position in range(per_annotation)
    )
    # As without attributions (test_review.py), plus three: annotators' and gold
    # attributions, and the first mentions of the annotators' entities.
    with django_assert_max_num_queries(16):
        assert as_rita.get(QUEUE).status_code == 200
