import re

import pytest

from claims.attribution_values import specs_from, values_of
from claims.attributions import AttributionSpec, InvalidAttribution, Span

SPECS = (
    AttributionSpec(kind="news_media", source=Span(0, 10), entity="e1"),
    AttributionSpec(kind="anonymous", source=Span(17, 25), cue=Span(11, 16), via=0),
    AttributionSpec(kind="vague", embedded=True),
)


def test_values_read_back_as_the_same_specs():
    assert tuple(specs_from(values_of(SPECS))) == SPECS


def test_values_with_the_text_carry_each_span_s_text():
    assert values_of(SPECS[:1], text="The agency cited")[0]["source"]["text"] == "The agency"


@pytest.mark.parametrize(
    ("values", "path"),
    [
        ({}, "attributions"),
        ([1], "attributions[0]"),
        ([{"kind": ""}], "attributions[0].kind"),
        ([{"kind": "vague", "via": True}], "attributions[0].via"),
        ([{"kind": "vague", "embedded": "yes"}], "attributions[0].embedded"),
        ([{"kind": "vague", "source": {"start": -1, "end": 2}}], "attributions[0].source.start"),
        ([{"kind": "vague", "cue": [1, 2]}], "attributions[0].cue"),
        ([{"kind": "vague", "speaker": "x"}], "attributions[0].speaker"),
    ],
)
def test_a_value_of_the_wrong_shape_is_named_by_its_path(values, path):
    with pytest.raises(InvalidAttribution) as error:
        specs_from(values)
    assert error.value.path == path


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "attributions: must be an array, not an object"),
        ([{}], "attributions[0].kind: is missing"),
        ([{"kind": 2}], "attributions[0].kind: must be a string, not a number"),
        ([{"kind": "vague", "speaker": "x"}], "attributions[0].speaker: is not known here"),
        ([{"kind": "vague", "entity": 1}], "attributions[0].entity: must be a string"),
        ([{"kind": "vague", "via": "0"}], "attributions[0].via: must be a whole number >= 0"),
        (
            [{"kind": "vague", "source": {"start": 5, "end": 3}}],
            "attributions[0].source.end: is 3; it must be greater than start (5)",
        ),
        (
            [{"kind": "vague", "cue": {"start": 0, "end": 99}}],
            "attributions[0].cue.end: is 99, past the end of the text (16)",
        ),
        (
            [{"kind": "vague", "source": {"start": 0, "end": 3, "text": "Two"}}],
            "attributions[0].source.text: differs from the text at [0:3], 'The'",
        ),
    ],
)
def test_a_wrong_value_is_refused_with_its_full_path(values, message):
    with pytest.raises(InvalidAttribution, match=re.escape(message)):
        specs_from(values, text="The agency cited")


def test_without_the_text_spans_are_read_unchecked():
    [spec] = specs_from([{"kind": "vague", "source": {"start": 0, "end": 99, "text": "x"}}])
    assert spec.source == Span(0, 99)
