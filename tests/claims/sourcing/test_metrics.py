"""The sourcing metrics on the seed article's worked example, counted by hand."""

from fractions import Fraction

import numpy as np
import pytest

from claims.attributions import AttributionSpec as A
from claims.projects import DEFAULT_SOURCE_KINDS
from claims.sourcing.counts import Kind, LabelledSentence, article_row
from claims.sourcing.metrics import metric_values, ratio_parts

KINDS = [Kind(spec.key, spec.source_class, spec.media) for spec in DEFAULT_SOURCE_KINDS]


def S(role, *attributions):
    return LabelledSentence(role, tuple(attributions))


# The seed article as its codebook reading labels it (spans left out: the metrics do not
# read them): 7 lines that are not body text, 7 claims (two with an embedded source),
# 1 opinion, 13 attributions with 11 distinct sources.
WORKED_EXAMPLE = [
    S("non_body"),  # News / Iraq
    S("non_body"),  # headline
    S("non_body"),  # photo caption
    S("attribution", A("vague", entity="E1")),  # ..., a report says.
    S("attribution", A("news_media", entity="E2"), A("anonymous", entity="E3", via=0)),
    S("attribution", A("anonymous", entity="E3")),  # ..., the source said.
    S("attribution", A("news_media", entity="E2")),  # According to the agency, ...
    S("claim"),  # The new military base will be ...
    S("opinion"),  # The new outpost lies close to a hugely strategic area ...
    S("claim"),  # The US deployed troops to Iraq in 2014 ...
    S("claim", A("named_organization", entity="E4", embedded=True)),  # ... despite Baghdad ...
    S("claim", A("vague", entity="E5", embedded=True)),  # ... are reportedly trained ...
    S("attribution", A("vague", entity="E6")),  # ... numerous reports ...
    S("attribution", A("named_official", entity="E7")),  # ... al-Azzawi ..., said, ...
    S("attribution", A("named_official", entity="E7")),  # He said ...
    S("attribution", A("named_official", entity="E7")),  # "The border with Syria ..."
    S("claim"),  # Daesh remnants have been staging ...
    S("claim"),  # The attacks have escalated ...
    S("attribution", A("vague", entity="E8")),  # Experts say ...
    S("claim"),  # The Iraqi military and counter-terrorism militias ...
    S("attribution", A("vague", entity="E9")),  # ... Iraqi news outlets said ...
    S("attribution", A("anonymous", entity="E10")),  # Another security source said ...
    S("attribution", A("named_official", entity="E11")),  # Major-General Yahya Rasool ...
    S("attribution", A("named_official", entity="E11")),  # He also said ...
    S("non_body"),  # Press TV's website can also be accessed ...
    S("non_body"),  # www.presstv.ir
    S("non_body"),  # SHARE THIS ARTICLE
    S("non_body"),  # Press TV News Roku
]


@pytest.fixture
def worked():
    sums = article_row(WORKED_EXAMPLE, kinds=KINDS)[None, :]
    parts = {
        key: (float(n[0]), float(d[0])) for key, (n, d) in ratio_parts(sums, articles=1).items()
    }
    values = {
        key: float(v[0]) for key, v in metric_values(sums, articles=1, scheme_kinds=9).items()
    }
    return parts, values


@pytest.mark.parametrize(
    ("key", "numerator", "denominator"),
    [
        ("attribution_rate", 13, 21),
        ("unattributed_claim_share", 7, 20),
        ("opinion_share", 1, 21),
        ("anonymous_share", 3, 13),
        ("vague_share", 4, 13),
        ("unverifiable_share", 7, 13),
        ("media_relayed_share", 2, 13),
        ("any_anonymous", 1, 1),
        ("anonymous_only", 0, 1),
        ("identified_sources", 4, 1),
    ],
)
def test_the_worked_example_gives_the_codebook_counts(worked, key, numerator, denominator):
    parts, values = worked
    assert parts[key] == (numerator, denominator)
    assert values[key] == pytest.approx(float(Fraction(numerator, denominator)))


def test_the_worked_example_kind_diversity(worked):
    # Sources by kind: vague 5 (E1 E5 E6 E8 E9), anonymous 2, named official 2, news media
    # 1, named organization 1; 11 in all.
    p = np.array([5, 2, 2, 1, 1]) / 11
    entropy = -(p * np.log2(p)).sum()
    _, values = worked
    assert values["kind_diversity"] == pytest.approx(entropy / np.log2(9))
    assert round(values["kind_diversity"], 3) == 0.644
    assert values["simpson"] == pytest.approx(1 - (20 + 2 + 2) / 110)
    assert round(values["simpson"], 3) == 0.782


def test_two_originating_sources_share_the_sentence():
    row = article_row(
        [S("attribution", A("anonymous", entity="a"), A("vague", entity="b"))], kinds=KINDS
    )
    values = metric_values(row[None, :], articles=1, scheme_kinds=9)
    assert (values["anonymous_share"][0], values["vague_share"][0]) == (0.5, 0.5)
    assert values["anonymous_only"][0] == 0


def test_a_relay_counts_through_a_chain_but_an_anaphor_does_not_inherit_it():
    chain = S(
        "attribution",
        A("news_media", entity="agency"),
        A("named_official", entity="minister", via=0),
        A("anonymous", entity="aide", via=1),
    )
    anaphor = S("attribution", A("anonymous", entity="aide"))
    values = metric_values(
        article_row([chain, anaphor], kinds=KINDS)[None, :], articles=1, scheme_kinds=9
    )
    assert values["media_relayed_share"][0] == 0.5
    assert values["anonymous_only"][0] == 1


def test_undefined_shares_are_nan_not_zero():
    values = metric_values(
        article_row([S("non_body")], kinds=KINDS)[None, :], articles=1, scheme_kinds=9
    )
    assert np.isnan(values["attribution_rate"][0])
    assert np.isnan(values["anonymous_share"][0])
    assert np.isnan(values["kind_diversity"][0])
