"""Article rows built for all articles at once equal those counted sentence by sentence."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.attributions import AttributionSpec as A
from claims.attributions import originating
from claims.projects import DEFAULT_SOURCE_KINDS
from claims.sourcing.counts import (
    ANONYMOUS,
    ATTRIBUTION,
    CLAIM,
    COLUMN,
    COLUMNS,
    IDENTIFIED,
    IDENTIFIED_BINS,
    NON_BODY,
    OPINION,
    VAGUE,
    Kind,
    LabelledSentence,
    article_row,
    rows_of,
)

KINDS = [Kind(spec.key, spec.source_class, spec.media) for spec in DEFAULT_SOURCE_KINDS]
KEYS = [spec.key for spec in DEFAULT_SOURCE_KINDS]


def counted_one_by_one(sentences, *, kinds):
    """The definition, sentence by sentence and attribution by attribution."""
    by_key = {kind.key: kind for kind in kinds}
    row = np.zeros(len(COLUMNS) + len(kinds))
    entity_kinds = {}
    any_anonymous = False
    attributed = only_anonymous = 0
    for sentence in sentences:
        for spec in sentence.attributions:
            entity_kinds.setdefault(spec.entity, spec.kind)
            any_anonymous |= by_key[spec.kind].source_class == ANONYMOUS
        if sentence.role == NON_BODY:
            continue
        row[COLUMN["body"]] += 1
        if sentence.role == CLAIM:
            row[COLUMN["claims"]] += 1
        elif sentence.role == OPINION:
            row[COLUMN["opinions"]] += 1
        elif sentence.role == ATTRIBUTION:
            row[COLUMN["attributions"]] += 1
            shares = {"anonymous": 0.0, "vague": 0.0, "media_relayed": 0.0}
            sources = originating(sentence.attributions)
            for spec in sources:
                weight = 1 / len(sources)
                source_class = by_key[spec.kind].source_class
                if source_class == ANONYMOUS:
                    shares["anonymous"] += weight
                elif source_class == VAGUE:
                    shares["vague"] += weight
                step = spec
                while step is not None:
                    if by_key[step.kind].media:
                        shares["media_relayed"] += weight
                        break
                    step = sentence.attributions[step.via] if step.via is not None else None
            for name, share in shares.items():
                row[COLUMN[name]] += share
            attributed += 1
            only_anonymous += math.isclose(shares["anonymous"], 1)
    row[COLUMN["any_anonymous"]] = any_anonymous
    row[COLUMN["anonymous_only"]] = attributed > 0 and only_anonymous == attributed
    identified = sum(by_key[kind].source_class == IDENTIFIED for kind in entity_kinds.values())
    row[COLUMN["entities"]] = len(entity_kinds)
    row[COLUMN["identified_entities"]] = identified
    bin_name = IDENTIFIED_BINS[min(identified, 2) if identified < 4 else 3]
    row[COLUMN[f"identified_{bin_name}"]] = 1
    for index, kind in enumerate(kinds):
        row[len(COLUMNS) + index] = sum(key == kind.key for key in entity_kinds.values())
    return row


@st.composite
def sentences(draw):
    role = draw(st.sampled_from([CLAIM, ATTRIBUTION, OPINION, NON_BODY, ""]))
    count = draw(st.integers(0, 5))
    specs = []
    for index in range(count):
        # via only to an earlier one: no circles, as claims.attributions ensures.
        via = draw(st.none() | st.integers(0, index - 1)) if index else None
        specs.append(
            A(
                draw(st.sampled_from(KEYS)),
                entity=draw(st.sampled_from(["e1", "e2", "e3", "e4", "e5"])),
                via=via,
                embedded=role != ATTRIBUTION or draw(st.booleans()),
            )
        )
    return LabelledSentence(role, tuple(specs))


@settings(max_examples=300, deadline=None)
@given(st.lists(sentences(), max_size=12))
def test_the_rows_are_exactly_the_counts_sentence_by_sentence(sentences):
    np.testing.assert_array_equal(
        article_row(sentences, kinds=KINDS), counted_one_by_one(sentences, kinds=KINDS)
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(sentences(), max_size=8), min_size=1, max_size=6))
def test_many_articles_at_once_are_each_counted_alone(articles):
    expected = [counted_one_by_one(sentences, kinds=KINDS) for sentences in articles]
    np.testing.assert_array_equal(rows_of(articles, kinds=KINDS), np.array(expected))
