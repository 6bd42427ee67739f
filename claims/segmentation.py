"""Sentence segmentation with exact character offsets. (Placeholder: bare pysbd.)"""

from __future__ import annotations

from dataclasses import dataclass

import pysbd

SEGMENTER_NAME = "pysbd-0.3.4"


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    start: int  # half-open offsets into the text
    end: int


def split_sentences(text: str) -> list[SentenceSpan]:
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans = []
    for span in segmenter.segment(text):
        sentence = span.sent.rstrip()
        if sentence:
            spans.append(SentenceSpan(span.start, span.start + len(sentence)))
    return spans
