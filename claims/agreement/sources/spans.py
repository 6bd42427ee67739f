"""Agreement on source spans between two annotators, over the sentences both labelled
attribution.

**Matching.** Each sentence's attributions are matched one to one, greedily: candidate
pairs are taken in order of most shared source tokens (an exact match first among
equals, then by position), each attribution at most once. Greedy matching can miss the
best total overlap only when one source overlaps two of the other annotator's; sources
of one sentence rarely overlap at all, and greedy keeps the rule easy to state and to
check by hand. Two attributions pair only if their sources share a token or have the
same offsets. **Attributions without a source span** ("reportedly", a quotation that
continues the previous sentence's speaker) pair with one another when their kinds are
equal, and such a pair counts as an exact match: both say the sentence names no source,
and agree on what kind of source it rests on. They never pair with a span.

**Measures.** With N_a, N_b the two annotators' attributions on the shared sentences and
E the matched pairs that are exact (same start and end, or both without a span):
exact_match = 2E / (N_a + N_b), the share of all their attributions that found an exact
partner. With T_a, T_b the tokens of their source spans (matched or not) and O the tokens
shared by matched pairs: precision (a against b) = O / T_a, recall = O / T_b, and
token_f1 = 2 O / (T_a + T_b). An unmatched attribution thus lowers both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from claims.agreement.measures import Measure
from claims.agreement.sources.marks import Mark, SourceMarks

NO_SHARED_ATTRIBUTED = "the two annotators labelled no sentence attribution in common"
NO_ATTRIBUTIONS = "neither marked an attribution on the sentences both labelled attribution"
NO_SOURCE_TOKENS = "neither marked a source span with a word in it on the shared sentences"


@dataclass(frozen=True)
class SpanCounts:
    """What two annotators' attributions on shared sentences add up to (see above)."""

    units: int = 0  # sentences both labelled attribution
    attributions_a: int = 0
    attributions_b: int = 0
    matched: int = 0
    exact: int = 0
    tokens_a: int = 0
    tokens_b: int = 0
    overlap: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )

    @property
    def exact_match(self) -> Measure:
        if self.units == 0:
            return Measure.undefined(NO_SHARED_ATTRIBUTED)
        attributions = self.attributions_a + self.attributions_b
        if attributions == 0:
            return Measure.undefined(NO_ATTRIBUTIONS)
        return Measure.of(2 * self.exact / attributions)

    @property
    def token_f1(self) -> Measure:
        if self.units == 0:
            return Measure.undefined(NO_SHARED_ATTRIBUTED)
        tokens = self.tokens_a + self.tokens_b
        if tokens == 0:
            return Measure.undefined(NO_SOURCE_TOKENS)
        return Measure.of(2 * self.overlap / tokens)


@dataclass(frozen=True)
class SpanAgreement:
    first: int  # column indexes of SourceMarks, first < second
    second: int
    counts: SpanCounts


def match_attributions(a: Sequence[Mark], b: Sequence[Mark]) -> list[tuple[int, int]]:
    """The greedy one-to-one matching described above, as (index in a, index in b)."""
    candidates = []
    for i, mark_a in enumerate(a):
        for j, mark_b in enumerate(b):
            shared, is_exact = _compare(mark_a, mark_b)
            if shared > 0 or is_exact:
                # Most shared tokens first, exact before partial, then by position.
                candidates.append((-shared, not is_exact, i, j))
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    pairs = []
    for _, _, i, j in sorted(candidates):
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            pairs.append((i, j))
    return pairs


def sentence_counts(a: Sequence[Mark], b: Sequence[Mark]) -> SpanCounts:
    """SpanCounts of one sentence that both annotators labelled attribution."""
    pairs = match_attributions(a, b)
    compared = [_compare(a[i], b[j]) for i, j in pairs]
    return SpanCounts(
        units=1,
        attributions_a=len(a),
        attributions_b=len(b),
        matched=len(pairs),
        exact=sum(is_exact for _, is_exact in compared),
        tokens_a=sum(_length(mark) for mark in a),
        tokens_b=sum(_length(mark) for mark in b),
        overlap=sum(shared for shared, _ in compared),
    )


def span_agreements(*, marks: SourceMarks) -> list[SpanAgreement]:
    """SpanCounts of every pair of annotators (first < second), over the sentences both
    labelled attribution."""
    marked: dict[int, set[int]] = defaultdict(set)  # column -> units with its marks
    for unit, column in marks.marks:
        marked[column].add(unit)
    rows = []
    for first, second in combinations(range(len(marks.annotators)), 2):
        both = marks.attributed[:, first] & marks.attributed[:, second]
        # A shared sentence where neither marked anything adds only itself to `units`,
        # so only the sentences with marks are compared one by one.
        total = SpanCounts(units=int(both.sum()))
        for unit in sorted(marked[first] | marked[second]):
            if both[unit]:
                counts = sentence_counts(
                    marks.marks.get((unit, first), ()), marks.marks.get((unit, second), ())
                )
                total += replace(counts, units=0)
        rows.append(SpanAgreement(first=first, second=second, counts=total))
    return rows


def _compare(a: Mark, b: Mark) -> tuple[int, bool]:
    """Tokens the two sources share, and whether they count as an exact match."""
    if a.source is None or b.source is None:
        return 0, a.source is None and b.source is None and a.kind == b.kind
    shared = 0
    if a.tokens is not None and b.tokens is not None:
        shared = max(0, min(a.tokens[1], b.tokens[1]) - max(a.tokens[0], b.tokens[0]))
    return shared, a.source == b.source


def _length(mark: Mark) -> int:
    return mark.tokens[1] - mark.tokens[0] if mark.tokens is not None else 0
