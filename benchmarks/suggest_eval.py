"""The rule backend against the hand-labelled development set, beside a reporting-verb regex.

    .venv/bin/python benchmarks/suggest_eval.py [JSONL]

JSONL defaults to benchmarks/suggestions/gum_news_attributions.jsonl. Printed:
sentence-level attribution precision, recall and F1 (a sentence is positive when its label
is attribution); source spans, exact and by token overlap (each span scores the best
token F1 it reaches against a span of the other side in the same sentence); and the kind
accuracy over gold sources that a suggested source overlaps. The baseline, in the same
run, is a regular expression of common reporting verbs, sentence level only.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SET = ROOT / "benchmarks" / "suggestions" / "gum_news_attributions.jsonl"
BASELINE = re.compile(
    r"\b(?:said|says|say|told|added|stated|announced|claimed|according to|reportedly)\b", re.I
)
_TOKEN = re.compile(r"\w+")

type Spans = list[tuple[int, int, int, str]]  # (sentence, start, end, kind)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()  # the attribution values live beside the models
    from claims.suggestions.rules import RuleBackend

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEVELOPMENT_SET
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    backend = RuleBackend()
    rules, baseline, truth = [], [], []
    gold: Spans = []
    suggested: Spans = []
    for article in articles:
        text, sentences = article["text"], article["sentences"]
        spans = [(sentence["start"], sentence["end"]) for sentence in sentences]
        for index, (sentence, suggestion) in enumerate(
            zip(sentences, backend.suggest(text=text, sentences=spans), strict=True)
        ):
            key = len(truth)
            truth.append(sentence["label"] == "attribution")
            rules.append(suggestion is not None and suggestion.role == "attribution")
            baseline.append(BASELINE.search(text[spans[index][0] : spans[index][1]]) is not None)
            gold += [
                (key, a["source"]["start"], a["source"]["end"], a["kind"])
                for a in sentence["attributions"]
                if a["source"]
            ]
            for spec in suggestion.attributions if suggestion else ():
                if spec.source is not None:
                    suggested.append((key, spec.source.start, spec.source.end, spec.kind))
    _print_sentence_level(truth, rules, baseline, sentences=len(truth))
    _print_spans(gold, suggested, articles)


def _prf(true_positive: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _print_sentence_level(
    truth: list[bool], rules: list[bool], baseline: list[bool], *, sentences: int
) -> None:
    print(f"{sentences} sentences, {sum(truth)} labelled attribution")
    print(f"{'sentence level':<34} precision  recall     F1")
    for name, predicted in (("rules", rules), ("reporting-verb regex (baseline)", baseline)):
        hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
        precision, recall, f1 = _prf(hits, sum(predicted), sum(truth))
        print(f"{name:<34} {precision:9.3f} {recall:7.3f} {f1:6.3f}")


def _tokens(text: str, start: int, end: int) -> set[tuple[int, int]]:
    return {match.span() for match in _TOKEN.finditer(text, start, end)}


def _print_spans(gold: Spans, suggested: Spans, articles: list[dict]) -> None:
    # Sentence keys run across articles, so spans of different articles never meet.
    text_of = {}
    key = 0
    for article in articles:
        for _ in article["sentences"]:
            text_of[key] = article["text"]
            key += 1
    exact = len({s[:3] for s in gold} & {s[:3] for s in suggested})
    _, _, exact_f1 = _prf(exact, len(suggested), len(gold))

    def best(span: tuple[int, int, int, str], others: Spans) -> tuple[float, str | None]:
        mine = _tokens(text_of[span[0]], span[1], span[2])
        scores = [(0.0, None)]
        for other in others:
            if other[0] == span[0]:
                theirs = _tokens(text_of[other[0]], other[1], other[2])
                shared = len(mine & theirs)
                if shared:
                    scores.append((2 * shared / (len(mine) + len(theirs)), other[3]))
        return max(scores, key=lambda score: score[0])

    precision = sum(best(s, gold)[0] for s in suggested) / len(suggested) if suggested else 0
    matches = [(span[3], best(span, suggested)) for span in gold]
    recall = sum(score for _, (score, _) in matches) / len(gold) if gold else 0
    overlap_f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    matched = [(kind, found) for kind, (score, found) in matches if score > 0]
    right = sum(kind == found for kind, found in matched)
    print(f"source spans: {len(gold)} gold, {len(suggested)} suggested")
    print(f"  exact match F1 {exact_f1:.3f}; token overlap F1 {overlap_f1:.3f}")
    print(f"  kind accuracy on matched sources {right}/{len(matched)} = {right / len(matched):.3f}")


if __name__ == "__main__":
    main()
