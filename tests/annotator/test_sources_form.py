"""The sentence's sources on a plain form: sources typed as they read, found by the server,
saved as one change with the label (source mode without JavaScript)."""

import pytest
from django.urls import reverse

from claims.annotations import current_attributions, record_label
from claims.attributions import AttributionSpec, Span
from claims.models import Annotation
from tests.conftest import ARTICLE_TEXT

REPORT = ARTICLE_TEXT.index("a report")
EXPERTS = ARTICLE_TEXT.index("Experts")
SAYS = ARTICLE_TEXT.index("says")


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def url(sentence):
    article = sentence.article
    return reverse("sentence_sources", args=[article.project.slug, article.pk, sentence.position])


def rows(*rows, initial=0):
    """The formset's fields for `rows` (dicts of one row's fields)."""
    data = {
        "sources-TOTAL_FORMS": str(len(rows)),
        "sources-INITIAL_FORMS": str(initial),
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        data.update({f"sources-{index}-{name}": value for name, value in row.items()})
    return data


def post(client, sentence, *source_rows, label="attribution", based_on=0, initial=0):
    data = {"label": label, "based_on": based_on, **rows(*source_rows, initial=initial)}
    return client.post(url(sentence), data)


def saved(sentence, user):
    current = Annotation.objects.get(sentence=sentence, annotator=user, is_current=True)
    return current_attributions(current)[0]


def test_a_typed_source_and_cue_are_found_and_saved_with_the_label(as_alice, sentence, alice):
    response = post(as_alice, sentence, {"source": "a report", "cue": "says", "kind": "vague"})
    assert response.status_code == 303
    assert response.url.endswith(f"?s={sentence.position}#sentence-{sentence.position}")
    assert saved(sentence, alice) == (
        AttributionSpec(
            kind="vague",
            source=Span(REPORT, REPORT + 8),
            cue=Span(SAYS, SAYS + 4),
            entity=f"m{REPORT}",
        ),
    )
    current = Annotation.objects.get(annotator=alice, is_current=True)
    assert current.label.key == "attribution"


def test_the_form_shows_the_saved_sources_and_two_empty_rows(as_alice, sentence, alice, labels):
    spec = AttributionSpec(kind="vague", source=Span(REPORT, REPORT + 8))
    record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[spec]
    )
    response = as_alice.get(url(sentence))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="sources-TOTAL_FORMS" value="3"' in page
    assert 'name="sources-0-source" value="a report"' in page
    assert f'name="sources-0-source_at" value="{REPORT}:{REPORT + 8}"' in page


def test_text_that_is_not_near_the_sentence_is_refused_naming_it(as_alice, sentence, alice):
    response = post(as_alice, sentence, {"source": "the minister", "kind": "named_official"})
    assert response.status_code == 422
    assert "“the minister” is not in this sentence" in response.content.decode()
    assert not Annotation.objects.filter(annotator=alice).exists()


def test_text_found_twice_asks_which_one_and_takes_the_choice(as_alice, article, alice):
    experts = article.sentences.get(position=2)  # "... aimed at creating insecurity."
    first = ARTICLE_TEXT.index("at", EXPERTS)
    response = post(as_alice, experts, {"source": "at", "kind": "vague"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "“at” occurs 2 times here: choose which one." in page
    second = ARTICLE_TEXT.index("at", first + 1)
    assert f'value="{second}:{second + 2}"' in page
    response = post(
        as_alice, experts, {"source": "at", "source_at": f"{second}:{second + 2}", "kind": "vague"}
    )
    assert response.status_code == 303
    assert saved(experts, alice)[0].source == Span(second, second + 2)


def test_a_source_in_the_sentence_before_is_found(as_alice, article, alice):
    experts = article.sentences.get(position=2)
    response = post(as_alice, experts, {"source": "a report", "kind": "vague"})
    assert response.status_code == 303
    assert saved(experts, alice)[0].source == Span(REPORT, REPORT + 8)


def test_a_row_without_a_kind_is_refused(as_alice, sentence, alice):
    response = post(as_alice, sentence, {"source": "a report"})
    assert response.status_code == 422
    assert "Choose the kind of this source." in response.content.decode()


def test_relayed_via_another_row_and_linked_to_an_earlier_mention(as_alice, article, alice):
    says = article.sentences.get(position=1)
    post(as_alice, says, {"source": "a report", "kind": "vague"})
    experts = article.sentences.get(position=2)
    page = as_alice.get(url(experts)).content.decode()
    assert f'<option value="m{REPORT}">“a report” (sentence 2)</option>' in page
    response = post(
        as_alice,
        experts,
        {"source": "Experts", "kind": "vague", "via": "2"},
        {"kind": "vague", "entity": f"m{REPORT}"},
    )
    assert response.status_code == 303
    experts_said, report = saved(experts, alice)
    assert experts_said.via == 1 and experts_said.source == Span(EXPERTS, EXPERTS + 7)
    assert report.source is None and report.entity == f"m{REPORT}"


def test_via_a_removed_row_is_refused(as_alice, sentence):
    response = post(
        as_alice,
        sentence,
        {"source": "a report", "kind": "vague", "via": "2"},
        {"source": "says", "kind": "vague", "DELETE": "on"},
    )
    assert response.status_code == 422
    assert "Source 2 is not on this form (or is removed)." in response.content.decode()


def test_a_rule_broken_is_shown_on_its_row(as_alice, sentence, alice):
    # Under a claim only embedded sources: the rule is the domain's, the message its own.
    response = post(as_alice, sentence, {"source": "a report", "kind": "vague"}, label="claim")
    assert response.status_code == 422
    assert "embedded" in response.content.decode()
    assert not Annotation.objects.filter(annotator=alice).exists()


def test_a_change_made_elsewhere_meanwhile_is_not_overwritten(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    response = post(as_alice, sentence, {"source": "a report", "kind": "vague"}, based_on=0)
    assert response.status_code == 409
    assert "changed in another tab" in response.content.decode()
    assert saved(sentence, alice) == ()
    assert Annotation.objects.get(annotator=alice, is_current=True).label.key == "claim"


def test_another_annotators_sentence_is_not_reachable(client, olga, sentence):
    client.force_login(olga)
    assert client.get(url(sentence)).status_code == 404


def test_the_form_costs_the_same_queries_however_many_sources(
    as_alice, article, alice, labels, django_assert_num_queries
):
    says = article.sentences.get(position=1)
    for count in (1, 8):
        specs = [
            AttributionSpec(kind="vague", source=Span(REPORT + i, REPORT + i + 1))
            for i in range(count)
        ]
        record_label(
            sentence=says, annotator=alice, label=labels["attribution"], attributions=specs
        )
        # Session and user, article, sentence, its annotation with attributions and their
        # kinds, labels, kinds, the context's two, the entities' two.
        with django_assert_num_queries(13):
            assert as_alice.get(url(says)).status_code == 200


@pytest.mark.parametrize(
    ("second_source", "shown"),
    [(Span(EXPERTS, EXPERTS + 7), "“Experts” (sentence 3)"), (None, "E9 (sentence 1)")],
)
def test_the_entities_to_link_to_are_named_by_their_first_mention_with_a_span(
    as_alice, sentence, alice, labels, second_source, shown
):
    first, later = (sentence.article.sentences.get(position=n) for n in (0, 2))
    for each, source in [(first, None), (later, second_source)]:
        spec = AttributionSpec(kind="vague", source=source, entity="E9")
        record_label(
            sentence=each, annotator=alice, label=labels["attribution"], attributions=[spec]
        )
    assert f'<option value="E9">{shown}</option>' in as_alice.get(url(sentence)).content.decode()
