"""Loading current labels from the database into the agreement report."""

from datetime import UTC, datetime

import pytest

from claims.agreement import agreement_report, load_ratings
from claims.agreement.selection import AgreementFilters
from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span
from claims.models import Annotation, Article, Label, Project, Sentence
from claims.projects import create_project


def _article(project: Project, name: str, *, sentences: int, **fields) -> Article:
    article = Article.objects.create(
        project=project, external_id=name, text="x" * (2 * sentences), segmenter="manual", **fields
    )
    Sentence.objects.bulk_create(
        Sentence(article=article, position=i, start=2 * i, end=2 * i + 1) for i in range(sentences)
    )
    return article


def _label(article: Article, person, keys: str, *, kind: str | None = None) -> None:
    """Label the article's sentences in order, one label key per word ("-" skips one).
    With `kind`, each attribution sentence gets an attribution of that kind whose source
    is the sentence's own text."""
    labels = {label.key: label for label in article.project.labels.all()}
    for sentence, key in zip(article.sentences.all(), keys.split(), strict=False):
        if key == "-":
            continue
        sources = None
        if kind is not None and key == "attribution":
            sources = [AttributionSpec(kind=kind, source=Span(sentence.start, sentence.end))]
        record_label(sentence=sentence, annotator=person, label=labels[key], attributions=sources)


def test_only_current_labels_count(article, alice, bob, labels):
    sentence = article.sentences.get(position=0)
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    report = agreement_report(project=article.project, bootstrap=0)
    assert report["pairs"][0]["confusion"]["claim"]["claim"] == 1


def test_cleared_labels_do_not_count(article, alice, bob, labels):
    sentence = article.sentences.get(position=0)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=alice, label=None)
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    assert load_ratings(project=article.project).annotators == ("bob",)


def test_codes_follow_the_scheme_and_annotators_their_names(article, alice, bob):
    _label(article, bob, "claim other")
    _label(article, alice, "opinion - claim")
    ratings = load_ratings(project=article.project)
    assert (ratings.annotators, ratings.codes.tolist()) == (
        ("alice", "bob"),
        [[2, 0], [-1, 3], [0, -1]],
    )


def test_outlet_selects_its_articles(project, alice, bob):
    _label(_article(project, "a", sentences=2, outlet="PressTV"), alice, "claim claim")
    _label(_article(project, "b", sentences=3, outlet="Reuters"), alice, "claim claim other")
    report = agreement_report(
        project=project, filters=AgreementFilters(outlet="Reuters"), bootstrap=0
    )
    assert report["units"]["labelled"] == 3


def test_article_selects_its_sentences(project, article, alice):
    _label(article, alice, "claim claim")
    _label(_article(project, "other", sentences=3), alice, "claim claim other")
    assert (
        agreement_report(
            project=project, filters=AgreementFilters(article=article.pk), bootstrap=0
        )["units"]["labelled"]
        == 2
    )


def test_dates_select_articles_published_from_since_until_before_until(project, alice):
    for day in (1, 2, 3):
        published = datetime(2024, 3, day, tzinfo=UTC)
        _label(_article(project, f"d{day}", sentences=day, published_at=published), alice, "claim")
    report = agreement_report(
        project=project,
        filters=AgreementFilters(
            since=datetime(2024, 3, 2, tzinfo=UTC), until=datetime(2024, 3, 3, tzinfo=UTC)
        ),
        bootstrap=0,
    )
    assert report["units"]["labelled"] == 1


def test_labels_named_nan_and_none_work(alice, bob):
    project = create_project(name="Keys", labels=["claim"])
    Label.objects.create(project=project, key="nan", name="NaN", position=1)
    Label.objects.create(project=project, key="None", name="None", position=2)
    article = _article(project, "keys", sentences=3)
    _label(article, alice, "nan None claim")
    _label(article, bob, "nan None nan")
    report = agreement_report(project=project, bootstrap=0)
    assert report["pairs"][0]["confusion"]["nan"] == {"claim": 0, "nan": 1, "None": 0}


def test_a_label_outside_the_scheme_is_an_error(article, alice):
    stranger = create_project(name="Elsewhere").labels.first()
    Annotation.objects.create(sentence=article.sentences.first(), annotator=alice, label=stranger)
    with pytest.raises(ValueError, match="not in the project's scheme"):
        load_ratings(project=article.project)


def test_an_empty_project_reports_every_measure_undefined(project):
    report = agreement_report(project=project)
    assert (report["units"], report["krippendorff_alpha"], len(report["undefined"])) == (
        {"labelled": 0, "pairable": 0},
        None,
        # four headline measures and the interval; three measures per label; the source
        # kind alpha and its interval
        5 + 3 * 4 + 2,
    )


def test_the_seeded_interval_is_the_same_each_time(article, alice, bob):
    _label(article, alice, "claim claim other opinion")
    _label(article, bob, "claim other other opinion")
    first = agreement_report(project=article.project, seed=5)
    assert agreement_report(project=article.project, seed=5) == first


@pytest.mark.parametrize("sentences", [4, 400])
def test_the_query_count_does_not_grow_with_the_project(
    project, alice, bob, rita, sentences, django_assert_max_num_queries
):
    article = _article(project, "big", sentences=sentences)
    people = ((alice, "attribution opinion"), (bob, "attribution claim"), (rita, "other claim"))
    for (person, keys), kind in zip(people, ("anonymous", "vague", "vague"), strict=True):
        _label(article, person, " ".join([keys] * (sentences // 2)), kind=kind)
    # Scheme, labels, usernames; source kinds, attributions, the articles' texts.
    with django_assert_max_num_queries(6):
        agreement_report(project=project, bootstrap=100)


def test_each_sentence_knows_its_article_for_the_bootstrap(project, alice):
    first, second = (_article(project, name, sentences=2) for name in ("first", "second"))
    _label(first, alice, "claim claim")
    _label(second, alice, "- claim")
    assert load_ratings(project=project).articles.tolist() == [first.pk, first.pk, second.pk]
