"""The agreement filters: one parser for the page, the API and the command."""

from datetime import UTC, date, datetime

import pytest

from claims.agreement.selection import AgreementFilters, FilterError, parse_filters
from claims.models import Sentence


def test_blank_values_select_everything():
    assert parse_filters(outlet="", article=" ", since="", until=None) == AgreementFilters()


def test_an_article_id_is_read_from_text():
    assert parse_filters(article="12").article == 12


@pytest.mark.parametrize(("field", "value"), [("article", "abc"), ("article", "0")])
def test_an_article_that_is_no_id_is_refused_by_name(field, value):
    with pytest.raises(FilterError) as caught:
        parse_filters(**{field: value})
    assert caught.value.field == field


def test_a_date_means_the_midnight_that_starts_it(settings):
    settings.TIME_ZONE = "UTC"
    assert parse_filters(since="2024-05-31").since == datetime(2024, 5, 31, tzinfo=UTC)


def test_a_date_object_means_the_same_as_its_text():
    assert parse_filters(until=date(2024, 5, 31)) == parse_filters(until="2024-05-31")


def test_a_date_that_is_no_date_is_refused_by_name():
    with pytest.raises(FilterError, match="until: must be a date such as 2024-05-31"):
        parse_filters(until="31/05/2024")


def test_an_outlet_with_a_nul_character_is_refused():
    with pytest.raises(FilterError) as caught:
        parse_filters(outlet="a\x00b")
    assert caught.value.field == "outlet"


def test_the_condition_selects_one_outlets_sentences(project, article):
    other = article.project.articles.create(external_id="b", text="B.", outlet="Wire")
    Sentence.objects.create(article=other, position=0, start=0, end=2)
    condition = AgreementFilters(outlet="Wire").condition(article="article")
    assert list(Sentence.objects.filter(condition).values_list("article", flat=True)) == [other.pk]


def test_only_a_narrowed_selection_says_so():
    assert (AgreementFilters().is_narrowed, AgreementFilters(article=3).is_narrowed) == (
        False,
        True,
    )
