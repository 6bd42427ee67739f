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
