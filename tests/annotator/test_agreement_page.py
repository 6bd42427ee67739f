"""The agreement page: measures at once, the interval by polling, charts as SVG."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotator.views.agreement import ARTICLE_MENU
from claims.agreement import agreement_report
from claims.annotations import record_label
from claims.models import Article
from claims.projects import add_member

HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = reverse("agreement", args=["iraq"])


@pytest.fixture
def charlie(django_user_model, project):
    charlie = django_user_model.objects.create_user("charlie")
    add_member(project=project, user=charlie, role="annotator")
    return charlie


def label_all(article, people_keys):
    """people_keys: {person: [key per sentence, or None]}."""
    labels = {label.key: label for label in article.project.labels.all()}
    sentences = list(article.sentences.all())
    for person, keys in people_keys.items():
        for sentence, key in zip(sentences, keys, strict=False):
            if key:
                record_label(sentence=sentence, annotator=person, label=labels[key])


@pytest.fixture
def labelled(make_article, alice, bob, charlie):
    """alice and bob share 12 sentences, charlie labels only 4 of them."""
    article = make_article(12)
    keys = ["claim", "attribution", "opinion", "other"] * 3
    label_all(
        article,
        {
            alice: keys,
            bob: ["other" if i % 3 == 0 else key for i, key in enumerate(keys)],
            charlie: keys[:4],
        },
    )
    return article


@pytest.fixture
def as_rita(client, rita):
    client.force_login(rita)
    return client


def page(client, **query):
    return client.get(PAGE, query).content.decode()


@pytest.mark.parametrize(
    ("person", "status"), [("rita", 200), ("owen", 200), ("alice", 404), ("olga", 404)]
)
def test_page_is_for_reviewers_and_owners(client, project, person, status, request):
    client.force_login(request.getfixturevalue(person))
    assert client.get(PAGE).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, project):
    assert client.get(PAGE).status_code == 302


def test_page_shows_alpha_as_the_report_gives_it(as_rita, labelled):
    alpha = agreement_report(project=labelled.project, bootstrap=0)["krippendorff_alpha"]
    assert f'<p class="big-number">{alpha:.3f}</p>' in page(as_rita)


def test_page_shows_the_interval_from_the_job(as_rita, labelled):
    report = agreement_report(project=labelled.project, resample="sentences")
    low, high = report["krippendorff_alpha_ci95"]
    assert f"95% interval {low:.3f} to {high:.3f}" in page(as_rita, resample="sentences")


def test_page_polls_while_the_interval_is_pending(as_rita, labelled, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    assert 'hx-trigger="every 2s"' in page(as_rita)


def test_fragment_is_only_the_interval_and_stops_polling_when_ready(as_rita, labelled):
    html = as_rita.get(PAGE, **HTMX).content.decode()
    assert html.strip().startswith('<p id="interval"') and "hx-trigger" not in html


def test_fragment_keeps_polling_while_pending(as_rita, labelled, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    assert 'hx-trigger="every 2s"' in as_rita.get(PAGE, **HTMX).content.decode()


def test_repeat_view_reads_the_report_from_the_cache(as_rita, labelled):
    page(as_rita)
    with CaptureQueriesContext(connection) as queries:
        html = page(as_rita)
    # The loader is the only query that reads the label column.
    assert not [query for query in queries if '"claims_annotation"."label_id"' in query["sql"]]
    alpha = agreement_report(project=labelled.project, bootstrap=0)["krippendorff_alpha"]
    assert f'<p class="big-number">{alpha:.3f}</p>' in html


def test_a_changed_label_is_shown_at_once(as_rita, labelled, bob):
    page(as_rita)  # caches the report
    label_all(labelled, {bob: ["claim"] * 12})
    alpha = agreement_report(project=labelled.project, bootstrap=0)["krippendorff_alpha"]
    assert f'<p class="big-number">{alpha:.3f}</p>' in page(as_rita)


def test_counts_behind_alpha_are_shown(as_rita, labelled):
    assert "12 sentences labelled, 12 with two or more labels, 3 annotators" in page(as_rita)


def test_undefined_measures_say_undefined_with_the_reason(as_rita, make_article, alice, bob):
    label_all(make_article(3), {alice: ["claim"] * 3, bob: ["claim"] * 3})
    assert re.search(
        r'<span class="undefined" title="every label[^"]*">undefined</span>', page(as_rita)
    )


def test_empty_project_says_so(as_rita, project):
    assert "No sentence has a label yet" in page(as_rita)


def test_per_label_table_explains_the_prevalence_paradox(as_rita, labelled):
    assert "prevalence paradox" in page(as_rita)


def chart_numbers(html, kind):
    chart = re.search(rf'<svg class="chart chart-{kind}".*?</svg>', html, re.S).group()
    return re.findall(r'class="cell-number"[^>]*>([^<]*)</text>', chart)


def test_heatmap_prints_each_pairs_kappa_mirrored(as_rita, labelled):
    report = agreement_report(project=labelled.project, bootstrap=0)
    kappa = {frozenset((p["a"], p["b"])): p["cohen_kappa"] for p in report["pairs"]}
    people = report["annotators"]
    expected = [f"{kappa[frozenset((a, b))]:.2f}" for a in people for b in people if a != b]
    assert chart_numbers(page(as_rita), "heatmap") == expected


def test_heatmap_cells_link_to_their_pairs_confusion_matrix(as_rita, labelled):
    assert 'href="?a=bob&amp;b=charlie#pair"' in page(as_rita)


def test_default_pair_is_the_one_sharing_most_sentences(as_rita, labelled):
    assert '<h2 id="confusion-title">alice × bob</h2>' in page(as_rita)


def test_pair_is_chosen_in_the_query_and_its_matrix_transposed(as_rita, labelled):
    html = page(as_rita, a="charlie", b="alice")
    assert '<h2 id="confusion-title">charlie × alice</h2>' in html


def test_confusion_matrix_prints_the_counts(as_rita, labelled):
    report = agreement_report(project=labelled.project, bootstrap=0)
    confusion = report["pairs"][0]["confusion"]  # alice × bob
    expected = [str(n) for row in confusion.values() for n in row.values()]
    assert chart_numbers(page(as_rita), "confusion") == expected


def test_confusion_matrix_of_the_fixture(as_rita, labelled):
    # alice and bob agree except where bob said "other" (sentences 0, 3, 6, 9).
    rows = [[2, 0, 0, 1], [0, 2, 0, 1], [0, 0, 2, 1], [0, 0, 0, 3]]
    assert chart_numbers(page(as_rita), "confusion") == [str(n) for row in rows for n in row]


def test_reversed_pair_shows_the_transposed_matrix(as_rita, labelled):
    rows = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [1, 1, 1, 3]]
    html = page(as_rita, a="bob", b="alice")
    assert chart_numbers(html, "confusion") == [str(n) for row in rows for n in row]


def test_confusion_cells_link_to_their_sentences(as_rita, labelled):
    assert 'href="?a=alice&amp;b=bob&amp;la=claim&amp;lb=other#cell"' in page(as_rita)


def test_a_cell_lists_its_sentences(as_rita, labelled):
    html = page(as_rita, a="alice", b="bob", la="claim", lb="other")
    assert re.findall(r"<q>(Sentence\d+\.)</q>", html) == ["Sentence0."]


def test_outlet_filter_narrows_the_report(as_rita, labelled, make_article, alice, bob):
    labelled.outlet = "Wire"
    labelled.save()
    label_all(make_article(2, external_id="other"), {alice: ["claim"] * 2, bob: ["claim"] * 2})
    assert "12 sentences labelled" in page(as_rita, outlet="Wire")


@pytest.mark.parametrize("size", [4, 40])
def test_query_count_does_not_grow(
    as_rita, make_article, alice, bob, charlie, size, django_assert_max_num_queries
):
    keys = ["claim", "attribution", "opinion", "other"] * (size // 4)
    label_all(make_article(size), {alice: keys, bob: keys[::-1], charlie: keys})
    # Session, user, project, the fingerprint (articles, labels, kinds), one read of the
    # cached report and interval, label names, source kind names, outlets, articles, the
    # cell's sentences: the same at any size.
    as_rita.get(PAGE)  # the first view fills the report and interval caches
    with django_assert_max_num_queries(12):
        assert (
            as_rita.get(PAGE, {"a": "alice", "b": "bob", "la": "claim", "lb": "other"}).status_code
            == 200
        )


def test_many_articles_are_chosen_by_id_not_from_a_menu(as_rita, project):
    Article.objects.bulk_create(
        Article(project=project, external_id=f"a{n}", text="Text.", segmenter="m")
        for n in range(ARTICLE_MENU + 1)
    )
    html = as_rita.get(PAGE).content.decode()
    assert 'type="number" name="article"' in html and '<select name="article">' not in html


def test_publication_dates_narrow_the_report(as_rita, labelled, make_article, alice, bob):
    labelled.published_at = datetime(2024, 5, 31, 12, tzinfo=UTC)
    labelled.save()
    label_all(make_article(2, external_id="other"), {alice: ["claim"] * 2, bob: ["claim"] * 2})
    assert "12 sentences labelled" in page(as_rita, since="2024-05-31", until="2024-06-01")


def test_a_filter_that_cannot_be_used_answers_400(as_rita, labelled):
    assert as_rita.get(PAGE, {"until": "31/05/2024"}).status_code == 400


def test_a_filter_that_cannot_be_used_is_named_on_the_page(as_rita, labelled):
    assert "Filter until must be a date such as 2024-05-31" in page(as_rita, until="31/05/2024")
