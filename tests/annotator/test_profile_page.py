"""The sourcing profile page: estimates at once, intervals and comparisons by polling, the
chart as SVG and the numbers as CSV, one article as a strip."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from claims.adjudication import adjudicate
from claims.agreement.selection import AgreementFilters
from claims.annotations import record_label
from claims.imports.articles import import_files
from claims.models import Article, SourceKind
from claims.sourcing import cache
from claims.sourcing.cache import Settings
from tests.worked_example import record_worked_example

HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = reverse("profile", args=["iraq"])
CSV = reverse("profile_csv", args=["iraq"])
SVG = reverse("profile_svg", args=["iraq"])
SEED = "fixtures/presstv_us_base_iraq.txt"
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def coded(project, alice):
    """The seed article as alice codes it: the codebook's worked example."""
    with open(SEED, "rb") as file:
        import_files(project=project, files=[("presstv_us_base_iraq.txt", file)])
    article = project.articles.get()
    article.outlet = "Press TV"
    article.save()
    record_worked_example(article, alice)
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
@pytest.mark.parametrize("url", [PAGE, CSV, SVG])
def test_pages_are_for_reviewers_and_owners(client, project, person, status, url, request):
    client.force_login(request.getfixturevalue(person))
    assert client.get(url).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, project):
    assert client.get(PAGE).status_code == 302


def test_the_project_page_links_to_the_profile(as_rita, project):
    assert PAGE in as_rita.get(reverse("project", args=["iraq"])).content.decode()


def test_the_worked_example_reads_as_counted_by_hand(as_rita, coded):
    html = page(as_rita, labels="alice")
    for text in (
        "61.9%",  # attribution rate
        "13 / 21",
        "7 / 20",  # unattributed-claim share
        "1 / 21",  # opinion share
        "3 / 13",  # anonymous
        "4 / 13",  # vague
        "7 / 13",  # unverifiable
        "2 / 13",  # media-relayed
        "4 identified",
        "0.644",  # relative entropy of the kinds
        "0.782",  # Simpson's D
    ):
        assert text in html, text


def test_a_single_article_is_flagged_unreliable(as_rita, coded):
    assert "Fewer than 30 articles" in page(as_rita, labels="alice")


def test_gold_without_decisions_says_so(as_rita, coded):
    html = page(as_rita)
    assert "No sentence has gold in this selection yet" in html
    assert "28 without gold, left out" in html


def test_gold_counts_once_decided(as_rita, coded, alice, rita):
    for sentence in coded.sentences.all():
        if sentence.annotations.filter(annotator=alice, is_current=True).exists():
            adjudicate(sentence=sentence, by=rita, take_from=alice)
    html = page(as_rita)
    assert "13 / 21" in html and "Gold labels" in html


def test_intervals_shown_when_computed(as_rita, coded):
    html = page(as_rita, labels="alice")
    assert "bootstrap over articles, 2000 resamples" in html
    assert "hx-trigger" not in html  # the immediate backend ran the job inline


def test_page_polls_while_the_job_is_pending_then_swaps_in_the_results(as_rita, coded, settings):
    settings.TASKS = DUMMY
    html = page(as_rita, labels="alice")
    assert "Computing the 95% intervals" in html and 'hx-trigger="every 2s"' in html
    assert "13 / 21" in html  # the estimates are there at once
    assert as_rita.get(PAGE, {"labels": "alice"}, **HTMX).status_code == 204
    project = coded.project
    cache.compute_full(
        project_id=project.pk, settings=Settings(labels="alice", filters=AgreementFilters())
    )
    poll = as_rita.get(PAGE, {"labels": "alice"}, **HTMX)
    fragment = poll.content.decode()
    assert poll.status_code == 200 and fragment.strip().startswith('<div id="profile-results"')
    assert "hx-trigger" not in fragment and "2000 resamples" in fragment


def test_a_label_changes_the_fingerprint_and_so_the_profile(as_rita, coded, alice, labels):
    settings = Settings(labels="alice", filters=AgreementFilters())
    before = cache.keys_for(project=coded.project, settings=settings)
    assert "13 / 21" in page(as_rita, labels="alice")
    sentence = coded.sentences.get(position=0)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    after = cache.keys_for(project=coded.project, settings=settings)
    assert before.full != after.full and before.point != after.point
    assert "13 / 22" in page(as_rita, labels="alice")  # one more body sentence


def test_gold_decisions_and_the_schemes_meaning_change_the_fingerprint(coded, alice, rita):
    project = coded.project
    fingerprint = cache.data_fingerprint(project=project, filters=AgreementFilters())
    sentence = coded.sentences.get(position=1)
    adjudicate(sentence=sentence, by=rita, take_from=alice)
    decided = cache.data_fingerprint(project=project, filters=AgreementFilters())
    assert decided != fingerprint
    SourceKind.objects.filter(project=project, key="vague").update(source_class="anonymous")
    assert cache.data_fingerprint(project=project, filters=AgreementFilters()) != decided


def test_unknown_labels_are_named_and_gold_is_shown(as_rita, coded):
    response = as_rita.get(PAGE, {"labels": "nobody"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Labels &#x27;nobody&#x27; has no labels in the selected articles" in html
    assert "showing gold labels" in html


def test_a_bad_filter_is_named(as_rita, coded):
    response = as_rita.get(PAGE, {"article": "twelve", "labels": "alice"})
    assert response.status_code == 400
    assert "Article must be an article id" in response.content.decode()


def test_each_annotator_gets_a_section(as_rita, coded, bob, labels):
    record_label(sentence=coded.sentences.get(position=3), annotator=bob, label=labels["claim"])
    html = page(as_rita, labels="each")
    assert "alice's labels" in html and "bob's labels" in html


def test_csv_download_has_every_metric_with_its_interval(as_rita, coded):
    response = as_rita.get(CSV, {"labels": "alice"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="iraq-sourcing-profile.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    rate = next(r for r in rows if r["scope"] == "project" and r["metric"] == "attribution_rate")
    assert (rate["numerator"], rate["denominator"]) == ("13", "21")
    assert rate["interval_low"] and rate["interval_high"]


def test_csv_download_computes_the_intervals_when_the_job_has_not_run(as_rita, coded, settings):
    settings.TASKS = DUMMY
    rows = list(csv.DictReader(io.StringIO(as_rita.get(CSV, {"labels": "alice"}).content.decode())))
    assert all(r["interval_low"] for r in rows if r["metric"] == "attribution_rate")


def test_svg_download_is_a_standalone_drawing(as_rita, coded):
    response = as_rita.get(SVG, {"labels": "alice"})
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [element.text for element in root.iter("{http://www.w3.org/2000/svg}title")]
    assert titles[0] == "Sourcing profile of Iraq coverage: labels alice"
    assert any("Attributed 61.9% (13 of 21)" in (title or "") for title in titles)


def test_svg_draws_reference_lines_where_the_literature_has_a_figure(as_rita, coded):
    root = ET.fromstring(as_rita.get(SVG, {"labels": "alice"}).content)
    texts = [element.text or "" for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "CCJ 1998 35%" in texts and "PEJ 2003 28%" in texts and "Pew 2021 11%" in texts


def test_one_article_shows_as_a_strip_linking_each_sentence_to_its_review(as_rita, coded):
    html = page(as_rita, labels="alice", article=coded.pk)
    sentences = list(coded.sentences.order_by("position"))
    review = reverse("review", args=["iraq"])
    for sentence in sentences:
        assert f'href="{review}?s={sentence.pk}#item-{sentence.pk}"' in html
    assert html.count('class="strip-kind') == 16  # the worked example's attributions
    assert html.count('class="strip-kind is-embedded"') == 2


def test_outlets_are_rows_of_the_table(as_rita, coded, alice, labels):
    other = Article.objects.create(
        project=coded.project, external_id="wire", text="A claim.", outlet="Wire", segmenter="m"
    )
    sentence = other.sentences.create(position=0, start=0, end=8)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    html = page(as_rita, labels="alice")
    assert "Press TV" in html and "Wire" in html and "All articles" in html


@pytest.mark.parametrize("articles", [1, 6])
def test_query_count_does_not_grow_with_the_cached_profile(
    as_rita, project, alice, labels, articles, django_assert_max_num_queries
):
    for n in range(articles):
        article = Article.objects.create(
            project=project, external_id=f"a{n}", text="A claim.", outlet=f"O{n}", segmenter="m"
        )
        sentence = article.sentences.create(position=0, start=0, end=8)
        record_label(sentence=sentence, annotator=alice, label=labels["attribution"])
    as_rita.get(PAGE, {"labels": "alice"})  # fills the cache
    # Session, user, project, the fingerprint (annotations, gold, labels, kinds), one cache
    # read, kind colours, members, outlets, articles: the same at any size.
    with django_assert_max_num_queries(12):
        assert as_rita.get(PAGE, {"labels": "alice"}).status_code == 200
