"""What an article's labels and attributions count, as one row of numbers.

Every sourcing metric is a ratio of sums of these counts (metrics.py), so pooling articles
into an outlet or a project is adding their rows, and resampling articles is adding rows
with weights: the point estimate and every bootstrap resample run the same arithmetic over
a matrix of articles x COLUMNS. Pure: no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claims.attributions import AttributionSpec, originating

# Label roles and source classes as the scheme stores them (claims.models), spelt out so
# that this module needs no Django.
CLAIM, ATTRIBUTION, OPINION, NON_BODY = "claim", "attribution", "opinion", "non_body"
IDENTIFIED, ANONYMOUS, VAGUE = "identified", "anonymous", "vague"

# Articles by their number of distinct identified sources: 0, 1, 2-3, 4 or more (the
# bins of the Project for Excellence in Journalism's studies).
IDENTIFIED_BINS = ("0", "1", "2-3", "4+")


@dataclass(frozen=True, slots=True)
class Kind:
    """A source kind of the scheme, as the metrics read it."""

    key: str
    source_class: str
    media: bool


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One sentence as the chosen labels have it: its label's role ("" for a label
    without one) and its attributions. Unlabelled sentences are not given."""

    role: str
    attributions: tuple[AttributionSpec, ...] = ()


# The columns of an article's row; the kinds' entity counts follow them, one per kind of
# the scheme in its order.
COLUMNS = (
    "body",
    "claims",
    "attributions",
    "opinions",
    "anonymous",  # attribution sentences by originating kind, each weighing 1/n of n
    "vague",
    "media_relayed",
    "any_anonymous",  # 0 or 1 per article
    "anonymous_only",
    "entities",
    "identified_entities",
    *(f"identified_{name}" for name in IDENTIFIED_BINS),  # 0 or 1 per article
)
COLUMN = {name: index for index, name in enumerate(COLUMNS)}


def article_row(sentences: Sequence[LabelledSentence], *, kinds: Sequence[Kind]) -> np.ndarray:
    """The counts of one article: COLUMNS, then distinct entities per kind in `kinds`
    order. An entity's kind is that of its first mention."""
    by_key = {kind.key: kind for kind in kinds}
    row = np.zeros(len(COLUMNS) + len(kinds))
    entity_kinds: dict[str, str] = {}
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
            shares = _originating_shares(sentence.attributions, by_key)
            for name, share in shares.items():
                row[COLUMN[name]] += share
            attributed += 1
            only_anonymous += math.isclose(shares["anonymous"], 1)
    row[COLUMN["any_anonymous"]] = any_anonymous
    # Resting only on anonymous sources: every attribution sentence's whole weight is
    # anonymous, and there is at least one.
    row[COLUMN["anonymous_only"]] = attributed > 0 and only_anonymous == attributed
    identified = sum(by_key[kind].source_class == IDENTIFIED for kind in entity_kinds.values())
    row[COLUMN["entities"]] = len(entity_kinds)
    row[COLUMN["identified_entities"]] = identified
    bin_name = IDENTIFIED_BINS[min(identified, 2) if identified < 4 else 3]
    row[COLUMN[f"identified_{bin_name}"]] = 1
    first_kind = len(COLUMNS)
    for index, kind in enumerate(kinds):
        row[first_kind + index] = sum(key == kind.key for key in entity_kinds.values())
    return row


def _originating_shares(
    specs: Sequence[AttributionSpec], kinds: dict[str, Kind]
) -> dict[str, float]:
    """How much of one attribution sentence is anonymous, vague and media-relayed: each of
    its n originating attributions weighs 1/n (a sentence with none weighs nothing)."""
    shares = {"anonymous": 0.0, "vague": 0.0, "media_relayed": 0.0}
    sources = originating(specs)
    for spec in sources:
        weight = 1 / len(sources)
        source_class = kinds[spec.kind].source_class
        if source_class == ANONYMOUS:
            shares["anonymous"] += weight
        elif source_class == VAGUE:
            shares["vague"] += weight
        if _relayed_by_media(spec, specs, kinds):
            shares["media_relayed"] += weight
    return shares


def _relayed_by_media(
    spec: AttributionSpec, specs: Sequence[AttributionSpec], kinds: dict[str, Kind]
) -> bool:
    # Along `via`, transitively, within the sentence only: an anaphor in a later sentence
    # ("the source said") does not inherit the relay its first mention had.
    # claims.attributions refuses circles, so the walk ends.
    step: AttributionSpec | None = spec
    while step is not None:
        if kinds[step.kind].media:
            return True
        step = specs[step.via] if step.via is not None else None
    return False
