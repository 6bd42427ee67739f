"""The sourcing metrics: ratios of sums of article counts (counts.py).

Every function takes `sums`, an array whose last axis is an article row's columns: one
row for a point estimate, or one per bootstrap resample, so that an estimate and its
interval come from the same arithmetic. Undefined values are NaN here; report.py turns
them into null with a reason.
"""

from __future__ import annotations

import numpy as np

from claims.sourcing.counts import COLUMN, COLUMNS, IDENTIFIED_BINS

# key, name, and what its denominator counts (for the reason when it is zero).
METRICS: tuple[tuple[str, str, str], ...] = (
    ("attribution_rate", "Attribution rate", "body sentences"),
    ("unattributed_claim_share", "Unattributed-claim share", "claim or attribution sentences"),
    ("opinion_share", "Opinion share", "body sentences"),
    ("anonymous_share", "Anonymous share", "attribution sentences"),
    ("vague_share", "Vague share", "attribution sentences"),
    ("unverifiable_share", "Unverifiable share", "attribution sentences"),
    ("media_relayed_share", "Media-relayed share", "attribution sentences"),
    ("any_anonymous", "Articles with an anonymous source", "articles"),
    ("anonymous_only", "Articles resting only on anonymous sources", "articles"),
    ("identified_sources", "Identified sources per article", "articles"),
    ("kind_diversity", "Source-kind diversity", "sources"),
)
METRIC_KEYS = tuple(key for key, _, _ in METRICS)


def _column(sums: np.ndarray, name: str) -> np.ndarray:
    return sums[..., COLUMN[name]]


def ratio_parts(sums: np.ndarray, *, articles: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Numerator and denominator of every metric but kind_diversity."""
    body, claims = _column(sums, "body"), _column(sums, "claims")
    attributed = _column(sums, "attributions")
    anonymous, vague = _column(sums, "anonymous"), _column(sums, "vague")
    articles_ = np.full(body.shape, float(articles))
    return {
        "attribution_rate": (attributed, body),
        "unattributed_claim_share": (claims, claims + attributed),
        "opinion_share": (_column(sums, "opinions"), body),
        "anonymous_share": (anonymous, attributed),
        "vague_share": (vague, attributed),
        "unverifiable_share": (anonymous + vague, attributed),
        "media_relayed_share": (_column(sums, "media_relayed"), attributed),
        "any_anonymous": (_column(sums, "any_anonymous"), articles_),
        "anonymous_only": (_column(sums, "anonymous_only"), articles_),
        "identified_sources": (_column(sums, "identified_entities"), articles_),
    }


def identified_bins(sums: np.ndarray) -> dict[str, np.ndarray]:
    """How many articles have 0, 1, 2-3 and 4+ distinct identified sources."""
    return {name: _column(sums, f"identified_{name}") for name in IDENTIFIED_BINS}


def kind_diversity(sums: np.ndarray, *, scheme_kinds: int) -> tuple[np.ndarray, np.ndarray]:
    """Over distinct sources (entities), by kind: the relative entropy
    -sum p log2 p / log2(kinds in the scheme), and Simpson's D = 1 - sum n(n-1) / N(N-1)."""
    counts = sums[..., len(COLUMNS) :]
    total = counts.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = counts / total[..., None]
        logs = np.where(shares > 0, np.log2(np.where(shares > 0, shares, 1)), 0.0)
        entropy = -(shares * logs).sum(axis=-1)
        relative = np.where(
            (total > 0) & (scheme_kinds > 1), entropy / np.log2(max(scheme_kinds, 2)), np.nan
        )
        pairs = (counts * (counts - 1)).sum(axis=-1)
        simpson = np.where(total > 1, 1 - pairs / (total * (total - 1)), np.nan)
    return relative, simpson


def metric_values(sums: np.ndarray, *, articles: float, scheme_kinds: int) -> dict[str, np.ndarray]:
    """Every metric's value (NaN where undefined), and `simpson` beside kind_diversity."""
    values = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for key, (numerator, denominator) in ratio_parts(sums, articles=articles).items():
            values[key] = np.where(denominator > 0, numerator / denominator, np.nan)
    values["kind_diversity"], values["simpson"] = kind_diversity(sums, scheme_kinds=scheme_kinds)
    return values
