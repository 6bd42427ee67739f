"""What an article's labels and attributions count, as one row of numbers.

Every sourcing metric is a ratio of sums of these counts (metrics.py), so pooling articles
into an outlet or a project is adding their rows, and resampling articles is adding rows
with weights: the point estimate and every bootstrap resample run the same arithmetic over
a matrix of articles x COLUMNS. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claims.attributions import AttributionSpec

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


@dataclass(frozen=True)
class AttributionColumns:
    """Attributions as columns, one entry per attribution, in article order, each
    sentence's together and in its list order: what a loader reads in one query."""

    article: np.ndarray  # int: the article's index among the rows
    sentence: np.ndarray  # int: the same for all attributions of one sentence's list
    in_attribution: np.ndarray  # bool: the sentence's role is attribution
    kind: np.ndarray  # int: the index of the kind in the scheme's kinds
    entity: np.ndarray  # int: one number per entity id (a string), the same in every article
    via: np.ndarray  # int: index in the sentence's list of the relaying one, -1 for none
    embedded: np.ndarray  # bool


# The role counts an article's row starts from, as article_rows takes them.
ROLE_COLUMNS = ("body", "claims", "attributions", "opinions")


def article_row(sentences: Sequence[LabelledSentence], *, kinds: Sequence[Kind]) -> np.ndarray:
    """The counts of one article: COLUMNS, then distinct entities per kind in `kinds`
    order. An entity's kind is that of its first mention."""
    return rows_of([sentences], kinds=kinds)[0]


def rows_of(articles: Sequence[Sequence[LabelledSentence]], *, kinds: Sequence[Kind]) -> np.ndarray:
    """article_row of each article, as a matrix."""
    index = {kind.key: number for number, kind in enumerate(kinds)}
    roles = np.array(
        [
            [
                sum(s.role != NON_BODY for s in sentences),
                *(sum(s.role == role for s in sentences) for role in (CLAIM, ATTRIBUTION, OPINION)),
            ]
            for sentences in articles
        ],
        dtype=np.int64,
    ).reshape(len(articles), len(ROLE_COLUMNS))
    labelled = [(article, s) for article, sentences in enumerate(articles) for s in sentences]
    specs = [
        (article, number, s.role == ATTRIBUTION, spec)
        for number, (article, s) in enumerate(labelled)
        for spec in s.attributions
    ]
    columns = AttributionColumns(
        article=np.array([article for article, _, _, _ in specs], dtype=np.int64),
        sentence=np.array([number for _, number, _, _ in specs], dtype=np.int64),
        in_attribution=np.array([flag for _, _, flag, _ in specs], dtype=bool),
        kind=np.array([index[spec.kind] for *_, spec in specs], dtype=np.int64),
        entity=entity_numbers([spec.entity for *_, spec in specs]),
        via=np.array([-1 if spec.via is None else spec.via for *_, spec in specs], dtype=np.int64),
        embedded=np.array([spec.embedded for *_, spec in specs], dtype=bool),
    )
    return article_rows(roles=roles, attributions=columns, kinds=kinds)


def entity_numbers(entities: Sequence[str]) -> np.ndarray:
    """AttributionColumns.entity: entity ids as numbers, equal for equal ids."""
    numbers: dict[str, int] = {}
    return np.fromiter(
        (numbers.setdefault(entity, len(numbers)) for entity in entities),
        dtype=np.int64,
        count=len(entities),
    )


def article_rows(
    *, roles: np.ndarray, attributions: AttributionColumns, kinds: Sequence[Kind]
) -> np.ndarray:
    """Every article's counts at once: `roles` holds, per article, its labelled sentences
    counted as ROLE_COLUMNS; `attributions` the attributions of all of them. One row per
    article, as article_row gives it: the loader reads counts, not sentences, and no
    Python runs per sentence."""
    articles = len(roles)
    rows = np.zeros((articles, len(COLUMNS) + len(kinds)))
    for name, column in zip(ROLE_COLUMNS, roles.T, strict=True):
        rows[:, COLUMN[name]] = column
    a = attributions
    source_class = np.array([kind.source_class for kind in kinds] or [""])[a.kind]
    anonymous, vague = source_class == ANONYMOUS, source_class == VAGUE
    rows[:, COLUMN["any_anonymous"]] = np.bincount(a.article[anonymous], minlength=articles) > 0

    # Each sentence's list: where it starts, and every attribution's index in the whole.
    starts_list = np.ones(len(a.sentence), dtype=bool)
    starts_list[1:] = a.sentence[1:] != a.sentence[:-1]
    group = np.cumsum(starts_list) - 1
    first = np.flatnonzero(starts_list)
    relayed = a.via >= 0
    via = np.where(relayed, first[group] + a.via, -1)
    # Originating: not embedded, and no attribution of the sentence names it as via.
    is_relay = np.zeros(len(a.sentence), dtype=bool)
    is_relay[via[relayed]] = True
    source = ~a.embedded & ~is_relay
    sources = np.bincount(group[source], minlength=len(first))
    weight = np.where(source, 1 / np.maximum(sources[group], 1), 0.0)
    # Relayed by media along `via`, transitively, within the sentence only: an anaphor in
    # a later sentence ("the source said") does not inherit the relay its first mention
    # had. claims.attributions refuses circles, so this settles within MAX_ATTRIBUTIONS.
    media = np.array([kind.media for kind in kinds] or [False])[a.kind]
    while True:
        through = media | (relayed & media[via])
        if (through == media).all():
            break
        media = through
    # Per sentence, the share of each class among its originating attributions, each of
    # n weighing 1/n; per article, the sum over its attribution sentences. bincount adds
    # in order, so the sums are those of adding sentence by sentence.
    counted = a.in_attribution[first]
    sentence_article = a.article[first][counted]
    shares = {}
    for name, chosen in (("anonymous", anonymous), ("vague", vague), ("media_relayed", media)):
        mask = source & chosen
        share = np.bincount(group[mask], weights=weight[mask], minlength=len(first))[counted]
        rows[:, COLUMN[name]] = np.bincount(sentence_article, weights=share, minlength=articles)
        shares[name] = share
    # As math.isclose(share, 1): the sentence's whole weight is anonymous.
    whole = np.abs(shares["anonymous"] - 1) <= 1e-9 * np.maximum(np.abs(shares["anonymous"]), 1)
    only = np.bincount(sentence_article[whole], minlength=articles)
    # Resting only on anonymous sources: every attribution sentence's whole weight is
    # anonymous, and there is at least one.
    attributed = rows[:, COLUMN["attributions"]]
    rows[:, COLUMN["anonymous_only"]] = (attributed > 0) & (only == attributed)

    # Distinct entities per article, each of the kind of its first mention.
    entities = a.entity.max(initial=0) + 1
    _, mention = np.unique(a.article * entities + a.entity, return_index=True)
    entity_article, entity_kind = a.article[mention], a.kind[mention]
    rows[:, COLUMN["entities"]] = np.bincount(entity_article, minlength=articles)
    identified = np.bincount(
        entity_article[source_class[mention] == IDENTIFIED], minlength=articles
    )
    rows[:, COLUMN["identified_entities"]] = identified
    bins = np.where(identified < 4, np.minimum(identified, 2), 3)
    rows[np.arange(articles), COLUMN[f"identified_{IDENTIFIED_BINS[0]}"] + bins] = 1
    by_kind = np.bincount(
        entity_article * len(kinds) + entity_kind, minlength=articles * len(kinds)
    )
    rows[:, len(COLUMNS) :] = by_kind.reshape(articles, len(kinds))
    return rows
