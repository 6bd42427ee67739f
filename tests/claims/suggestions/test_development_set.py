"""The development set's offsets: every span reads as its text says, inside its sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.segmentation import split_sentences

DEVELOPMENT_SET = (
    Path(__file__).resolve().parents[3]
    / "benchmarks"
    / "suggestions"
    / "gum_news_attributions.jsonl"
)
ARTICLES = [json.loads(line) for line in DEVELOPMENT_SET.read_text(encoding="utf-8").splitlines()]
KINDS = {
    "named_official",
    "named_individual",
    "named_organization",
    "document",
    "news_media",
    "outlet_self",
    "anonymous",
    "vague",
    "other",
}


@pytest.mark.parametrize("article", ARTICLES, ids=[article["id"] for article in ARTICLES])
def test_sentences_are_the_segmenters(article):
    sentences = [(sentence["start"], sentence["end"]) for sentence in article["sentences"]]
    assert sentences == [(span.start, span.end) for span in split_sentences(article["text"])]


def _spans(article: dict) -> list[tuple[dict, dict]]:
    return [
        (sentence, attribution[part])
        for sentence in article["sentences"]
        for attribution in sentence["attributions"]
        for part in ("source", "cue")
        if attribution[part] is not None
    ]


@pytest.mark.parametrize("article", ARTICLES, ids=[article["id"] for article in ARTICLES])
def test_every_span_is_its_text_within_its_sentence(article):
    text = article["text"]
    wrong = [
        span
        for sentence, span in _spans(article)
        if text[span["start"] : span["end"]] != span["text"]
        or not sentence["start"] <= span["start"] < span["end"] <= sentence["end"]
    ]
    assert wrong == []


def test_labels_kinds_and_relays_follow_the_codebook():
    problems = [
        (article["id"], position)
        for article in ARTICLES
        for position, sentence in enumerate(article["sentences"])
        if sentence["label"] not in ("attribution", "claim", "non_body")
        or (sentence["label"] == "non_body" and sentence["attributions"])
        or any(
            attribution["kind"] not in KINDS
            or attribution["via"] not in (None, *range(len(sentence["attributions"])))
            # a claim keeps only embedded attributions; an attribution has one that is not
            or attribution["embedded"] != (sentence["label"] == "claim")
            for attribution in sentence["attributions"]
        )
        or (sentence["label"] == "attribution" and not sentence["attributions"])
    ]
    assert problems == []
