import json
import re

import pytest
from django.urls import reverse

from annotator.views.review import STALE_MESSAGE
from claims.adjudication import adjudicate, refresh_automatic_gold
from claims.annotations import record_label
from claims.models import Annotation, Article, GoldLabel, Project, Sentence
from claims.projects import create_project

HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUE = reverse("review", args=["iraq"])


def decide_url(sentence_id):
    return reverse("decide_gold", args=["iraq", sentence_id])


def current_gold(sentence):
    return GoldLabel.objects.filter(sentence=sentence, is_current=True).first()


@pytest.fixture
def disputed(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    return sentence


@pytest.fixture
def as_rita(client, rita):
    client.force_login(rita)
    return client


def decide(client, sentence, *, htmx=False, **fields):
    data = {"label": "claim", "note": "", "based_on": 0} | fields
    return client.post(decide_url(sentence.pk), data, **(HTMX if htmx else {}))


def test_queue_names_every_annotator_beside_their_label(as_rita, disputed):
    html = as_rita.get(QUEUE).content.decode()
    assert re.search(r"Claim</strong> <span class=\"vote-count\">1</span> <span[^>]*>alice", html)


def test_queue_shows_the_sentence_between_its_neighbours(as_rita, disputed):
    html = as_rita.get(QUEUE).content.decode()
    assert "Drones swarm skies over Iraq\n\n<mark" in html and "</mark> Experts say" in html


def test_queue_fragment_is_the_review_only(as_rita, disputed):
    html = as_rita.get(QUEUE, **HTMX).content.decode()
    assert 'id="review"' in html and "<html" not in html


def test_queue_leaves_out_sentences_the_annotators_agree_on(as_rita, sentence, alice, bob, labels):
    for person in (alice, bob):
        record_label(sentence=sentence, annotator=person, label=labels["claim"])
    assert b'class="review-item' not in as_rita.get(QUEUE).content


def test_queue_puts_the_most_disputed_first(as_rita, disputed, article, alice, bob, rita, labels):
    three_way = article.sentences.get(position=3)
    for person, key in [(alice, "claim"), (bob, "opinion"), (rita, "other")]:
        record_label(sentence=three_way, annotator=person, label=labels[key])
    html = as_rita.get(QUEUE).content.decode()
    assert html.index(f'id="item-{three_way.pk}"') < html.index(f'id="item-{disputed.pk}"')


def test_queue_shows_a_decided_sentence_asked_for_as_current(as_rita, disputed, rita, labels):
    adjudicate(sentence=disputed, label=labels["claim"], by=rita)  # no longer open
    html = as_rita.get(QUEUE, {"s": disputed.pk}).content.decode()
    assert f'id="item-{disputed.pk}" class="review-item is-decided is-current"' in html


def test_decided_tab_shows_the_gold_with_reviewer_and_note(as_rita, disputed, rita, labels):
    adjudicate(sentence=disputed, label=labels["opinion"], by=rita, note="loaded verb")
    html = as_rita.get(QUEUE, {"show": "decided"}).content.decode()
    assert "Gold: Opinion" in html and "adjudicated by rita" in html and "loaded verb" in html


@pytest.mark.parametrize("person", ["olga", "alice"])
@pytest.mark.parametrize("url", ["review", "decide_gold", "apply_automatic_gold"])
def test_outsiders_and_annotators_get_404(client, disputed, person, url, request):
    client.force_login(request.getfixturevalue(person))
    if url == "review":
        response = client.get(QUEUE)
    else:
        args = ["iraq", disputed.pk] if url == "decide_gold" else ["iraq"]
        response = client.post(reverse(url, args=args), {"label": "claim", "based_on": 0})
    assert response.status_code == 404


def test_htmx_decision_saves_the_gold_label_and_note(as_rita, disputed):
    decide(as_rita, disputed, note="the report is the source", htmx=True)
    gold = current_gold(disputed)
    assert (gold.label.key, gold.reviewer.username, gold.note) == (
        "claim",
        "rita",
        "the report is the source",
    )


def test_htmx_decision_swaps_only_the_sentence_counts_and_message(as_rita, disputed):
    html = decide(as_rita, disputed, htmx=True).content.decode()
    swapped = re.findall(r'<\w+ id="([^"]+)"[^>]*hx-swap-oob="true"', html)
    assert swapped == [f"item-{disputed.pk}", "review-tabs", "gold-summary", "review-message"]


def test_htmx_decision_shows_the_sentence_as_decided_and_counts_it(as_rita, disputed):
    html = decide(as_rita, disputed, htmx=True).content.decode()
    assert 'data-decided="true"' in html and 'To decide <span class="tab-count">0<' in html


def test_plain_decision_redirects_to_the_queue(as_rita, disputed):
    response = decide(as_rita, disputed)
    assert (response.status_code, response["Location"]) == (303, QUEUE)


def test_plain_decision_on_the_decided_tab_returns_to_it(as_rita, disputed):
    response = decide(as_rita, disputed, show="decided")
    assert response["Location"] == f"{QUEUE}?show=decided&s={disputed.pk}#item-{disputed.pk}"


@pytest.fixture
def decided_by_owen(disputed, owen, labels):
    return adjudicate(sentence=disputed, label=labels["opinion"], by=owen)


def test_stale_decision_answers_409_with_the_current_decision(as_rita, disputed, decided_by_owen):
    response = decide(as_rita, disputed, based_on=0, htmx=True)
    html = response.content.decode()
    assert response.status_code == 409 and "Gold: Opinion" in html and "by owen" in html


def test_stale_decision_points_the_page_at_the_sentence(as_rita, disputed, decided_by_owen):
    response = decide(as_rita, disputed, based_on=0, htmx=True)
    event = json.loads(response["HX-Trigger-After-Settle"])
    assert event == {"review:refused": {"sentence": disputed.pk}}


def test_stale_decision_keeps_the_other_reviewers_gold(as_rita, disputed, decided_by_owen):
    decide(as_rita, disputed, based_on=0, htmx=True)
    assert current_gold(disputed) == decided_by_owen


def test_stale_plain_post_shows_the_page_with_409(as_rita, disputed, decided_by_owen):
    response = decide(as_rita, disputed, based_on=0)
    html = response.content.decode()
    assert response.status_code == 409 and "<html" in html and STALE_MESSAGE[:40] in html


@pytest.mark.parametrize(
    "change",
    [
        {"label": "rumour"},
        {"label": ""},
        {"based_on": "x"},
        {"based_on": ""},
        {"based_on": "-1"},
        {"note": "x" * 2001},
        {"note": "nul\x00byte"},
    ],
)
def test_bad_input_answers_422(as_rita, disputed, change):
    assert decide(as_rita, disputed, htmx=True, **change).status_code == 422


def test_bad_input_fragment_is_the_form_with_the_error(as_rita, disputed):
    html = decide(as_rita, disputed, label="", htmx=True).content.decode()
    assert f'<form id="decide-{disputed.pk}"' in html and "Choose a label." in html
    assert "<html" not in html and 'class="review-item' not in html


def test_bad_input_plain_post_shows_the_page_with_the_error(as_rita, disputed):
    response = decide(as_rita, disputed, label="rumour")
    assert response.status_code == 422 and b"Select a valid choice" in response.content


def test_sentence_of_another_project_is_404(as_rita, disputed, rita):
    other = create_project(name="Other", owner=rita)  # rita may decide there, not via iraq
    article = Article.objects.create(project=other, external_id="x", text="Else.", segmenter="-")
    sentence = Sentence.objects.create(article=article, position=0, start=0, end=5)
    assert decide(as_rita, sentence).status_code == 404


def test_sentence_id_out_of_range_is_404(as_rita, disputed):
    assert as_rita.post(decide_url(10**30), {"label": "claim", "based_on": 0}).status_code == 404


def test_decide_refuses_get(as_rita, disputed):
    assert as_rita.get(decide_url(disputed.pk)).status_code == 405


def test_override_keeps_the_earlier_decision_in_the_history(as_rita, disputed, decided_by_owen):
    decide(as_rita, disputed, based_on=decided_by_owen.pk, htmx=True)
    html = as_rita.get(QUEUE, {"show": "decided"}).content.decode()
    history = html[html.index('class="history"') :]
    assert re.findall(r"adjudicated by (\w+)( · current)?", history) == [
        ("rita", " · current"),
        ("owen", ""),
    ]


def test_apply_automatic_gold_follows_a_changed_policy(
    as_rita, project, sentence, alice, bob, labels
):
    # Labels earn gold as they are saved; the button catches up after the policy changes.
    project.annotators_per_article = 3
    project.save(update_fields=["annotators_per_article"])
    for person in (alice, bob):
        record_label(sentence=sentence, annotator=person, label=labels["claim"])
    Project.objects.filter(pk=project.pk).update(annotators_per_article=2)
    response = as_rita.post(reverse("apply_automatic_gold", args=["iraq"]), follow=True)
    assert current_gold(sentence).method == "unanimous"
    assert b"1 sentence changed" in response.content


@pytest.mark.parametrize(("person", "shown"), [("alice", False), ("rita", True), ("owen", True)])
def test_project_page_links_the_review_for_reviewers_and_owners(
    client, project, person, shown, request
):
    client.force_login(request.getfixturevalue(person))
    html = client.get(reverse("project", args=["iraq"])).content.decode()
    assert (f'href="{QUEUE}"' in html) is shown


@pytest.fixture
def one_gold(article, alice, bob, labels):
    for person in (alice, bob):
        record_label(sentence=article.sentences.first(), annotator=person, label=labels["claim"])
    refresh_automatic_gold(sentences=article.sentences.all())


@pytest.mark.parametrize("person", ["rita", "owen"])
def test_project_page_shows_reviewers_how_much_has_gold(client, one_gold, person, request):
    client.force_login(request.getfixturevalue(person))
    html = client.get(reverse("project", args=["iraq"])).content.decode()
    assert "1 of 4 sentences has gold (1 unanimous, 0 majority, 0 adjudicated)" in html


def test_project_page_keeps_gold_from_annotators(client, one_gold, alice):
    # Unanimous gold counts would tell an annotator whether the others agree with them.
    client.force_login(alice)
    html = client.get(reverse("project", args=["iraq"])).content.decode()
    assert "gold" not in html.lower()


@pytest.mark.parametrize("count", [3, 120])  # 120: more than a page
@pytest.mark.parametrize("show", ["open", "decided"])
def test_queue_query_count_does_not_grow(
    as_rita, make_article, alice, bob, rita, labels, count, show, django_assert_max_num_queries
):
    article = make_article(count)
    Annotation.objects.bulk_create(
        Annotation(sentence=sentence, annotator=person, label=labels[key])
        for sentence in article.sentences.all()
        for person, key in [(alice, "claim"), (bob, "opinion")]
    )
    for sentence in article.sentences.all()[:: 2 if show == "decided" else 3]:
        adjudicate(sentence=sentence, label=labels["claim"], by=rita)
    # The decided tab counts the open sentences as well. Two of them find the sentences
    # whose annotators agree on the label but not on the kind of source, two read the
    # annotators' and the gold attributions, two the open flags and send-backs.
    with django_assert_max_num_queries(14 if show == "open" else 15):
        assert as_rita.get(QUEUE, {"show": show}).status_code == 200


def test_a_hidden_label_is_offered_only_where_someone_has_it(as_rita, disputed, labels):
    from claims.models import Label

    Label.objects.filter(pk=labels["other"].pk).update(hidden=True, hotkey=None)
    page = as_rita.get(QUEUE).content.decode()
    assert 'name="label" value="claim"' in page and 'name="label" value="other"' not in page
    Label.objects.filter(pk=labels["opinion"].pk).update(hidden=True, hotkey=None)
    page = as_rita.get(QUEUE).content.decode()
    assert 'name="label" value="opinion"' in page  # bob's label: it can still become gold
