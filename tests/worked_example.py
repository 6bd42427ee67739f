"""The seed article as the codebook reads it: every sentence's label and attributions.

7 lines that are not body text, 7 claims (two with an embedded attribution), 1 opinion and
13 attribution sentences: 16 attributions in all, one relayed, two without a source span
("reportedly", a quotation that continues the previous speaker), 11 distinct sources.
Spans are found in the text, never written as offsets.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span
from claims.models import Article

# By sentence position: label key, then (source text, cue text, kind, entity, via,
# embedded) for each attribution; None for no span.
READING: dict[int, tuple[str, list[tuple[str | None, str | None, str, str, int | None, bool]]]] = {
    0: ("other", []),
    1: ("other", []),
    2: ("other", []),
    3: ("attribution", [("a report", "says", "vague", "E1", None, False)]),
    4: (
        "attribution",
        [
            ("Iraq's al-Maloumah news agency", "cited", "news_media", "E2", None, False),
            ("an unnamed security source", None, "anonymous", "E3", 0, False),
        ],
    ),
    5: ("attribution", [("the source", "said", "anonymous", "E3", None, False)]),
    6: ("attribution", [("the agency", "According to", "news_media", "E2", None, False)]),
    7: ("claim", []),
    8: ("opinion", []),
    9: ("claim", []),
    10: ("claim", [("Baghdad", "announced", "named_organization", "E4", None, True)]),
    11: ("claim", [(None, "reportedly", "vague", "E5", None, True)]),
    12: ("attribution", [("numerous reports", None, "vague", "E6", None, False)]),
    13: (
        "attribution",
        [
            (
                "Abdulkhaliq al-Azzawi, a member of Iraq's parliamentary Committee on Defense "
                "and Security",
                "said",
                "named_official",
                "E7",
                None,
                False,
            )
        ],
    ),
    14: ("attribution", [("He", "said", "named_official", "E7", None, False)]),
    15: ("attribution", [(None, None, "named_official", "E7", None, False)]),
    16: ("claim", []),
    17: ("claim", []),
    18: ("attribution", [("Experts", "say", "vague", "E8", None, False)]),
    19: ("claim", []),
    20: ("attribution", [("Iraqi news outlets", "said", "vague", "E9", None, False)]),
    21: ("attribution", [("Another security source", "said", "anonymous", "E10", None, False)]),
    22: (
        "attribution",
        [
            (
                "Major-General Yahya Rasool, spokesman for the commander-in-chief of the Armed "
                "Forces",
                "said",
                "named_official",
                "E11",
                None,
                False,
            )
        ],
    ),
    23: ("attribution", [("He", "said", "named_official", "E11", None, False)]),
    24: ("other", []),
    25: ("other", []),
    26: ("other", []),
    27: ("other", []),
}


def worked_example(article: Article) -> dict[int, tuple[str, list[AttributionSpec]]]:
    """The reading above with spans found in `article`'s sentences, by position."""
    text = article.text
    sentences = {s.position: s for s in article.sentences.all()}
    assert len(sentences) == len(READING), "the seed article is 28 sentences"
    reading = {}
    for position, (label, attributions) in READING.items():
        sentence = sentences[position]

        def find(
            piece: str | None, start: int = sentence.start, end: int = sentence.end
        ) -> Span | None:
            if piece is None:
                return None
            found = text.index(piece, start, end)
            return Span(found, found + len(piece))

        specs = [
            AttributionSpec(
                kind=kind,
                source=find(source),
                cue=find(cue),
                entity=entity,
                via=via,
                embedded=embedded,
            )
            for source, cue, kind, entity, via, embedded in attributions
        ]
        reading[position] = (label, specs)
    return reading


def record_worked_example(article: Article, annotator: User) -> None:
    """Label every sentence of the seed article for `annotator` as the codebook reads it."""
    labels = {label.key: label for label in article.project.labels.all()}
    sentences = {s.position: s for s in article.sentences.all()}
    for position, (label, specs) in worked_example(article).items():
        record_label(
            sentence=sentences[position],
            annotator=annotator,
            label=labels[label],
            attributions=specs,
        )
