"""Compare our segmenter with bare pysbd: golden rules, real news, and characters per second.

    python benchmarks/segmentation.py [GOLDEN_RULES_JSON] [--gum GUM_NEWS_JSON] [--quick] [--runs N]

GOLDEN_RULES_JSON defaults to ../shared/benchmarks/segmentation/golden_rules_en.json beside the
project, GUM_NEWS_JSON to gum_news.json beside it (24 Wikinews articles with human sentence
boundaries; scored as its README says: precision, recall and F1 of sentence end offsets, and
articles whose sentences are all right); --quick uses a 1 M character corpus instead of 5 M.

The corpus is built here, deterministically: articles of 2,000-4,000 characters recombined from
the seed article's lines and sentences plus sentence templates carrying the news traps we fix
(ranks, abbreviations, times, money, domains, quotations, ellipses). Both segmenters get one
call per article, in the same run, alternating which goes first; we print the median of the
runs, and the time for 1,000 copies of the seed article itself.

Requirements (issue "Core", Segmentation): at least as many golden rules right as pysbd, and
never slower than 1.2x pysbd. The exit status is 1 when either fails.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pysbd

ROOT = Path(__file__).resolve().parents[1]
# This checkout's code, not whichever one the environment's editable install points at.
sys.path.insert(0, str(ROOT))

from claims.segmentation import SEGMENTER_NAME, split_sentences  # noqa: E402

SEED = ROOT / "fixtures" / "presstv_us_base_iraq.txt"
GOLDEN_RULES = ROOT.parent / "shared" / "benchmarks" / "segmentation" / "golden_rules_en.json"
GUM_NEWS = GOLDEN_RULES.with_name("gum_news.json")
SLOWDOWN_ALLOWED = 1.2

RANKS = ["Maj.-Gen.", "Lt. Col.", "Gen.", "Brig.-Gen.", "Sen.", "Dr.", "Gov.", "Ret. Gen."]
NAMES = ["Yahya Rasool", "J. R. Smith", "Abdulkhaliq al-Azzawi", "Tim Kaine, D-Va.,", "Ali Saleh"]
ORGS = ["U.S. Central Command", "U.N. Security Council", "Pentagon", "PMU", "Iraqi army"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{rank} {name} said {count:,} Daesh terrorists had been killed on {day}.",
    "The {org} said the convoy crossed the border at {hour} a.m. {day}, a report says.",
    "{rank} {name} told reporters: “We will not leave. Our forces are here to stay.”",
    "“We will respond,” {rank} {name} said. “The border is still a source of threat.”",
    'A spokesman for the {org} said the talks were "over." Officials disagreed.',
    "Shares of Acme Defense Inc. rose {decimal} percent after a ${money} million contract.",
    "The U.S. and the U.N. disagreed on the No. {small} item of the agenda on {day}.",
    "The statement, posted on www.presstv.ir, was signed by {name} of the {org}.",
    "He paused … Then he said the plan was dead.",
    "Talks resumed at {hour} p.m. The {org} did not comment.",
    "Asked about the base, {rank} {name} said: “It is temporary…” He declined to elaborate.",
    "The {org} has about {count:,} troops in the region, i.e. {small} brigades.",
]
SECTION_LINES = ["News \xa0/ \xa0Iraq", "News / Middle East", "World \xa0/ \xa0Politics"]
END_LINES = ["SHARE THIS ARTICLE", "www.presstv.ir", "Press TV News Roku"]
# Sentences per generated paragraph. The seed article has 28 sentences on 27 lines; we use more
# multi-sentence paragraphs than that, which is the harder case for us: those lines need pysbd.
SENTENCES_PER_PARAGRAPH = {1: 45, 2: 35, 3: 15, 4: 5}


def build_corpus(*, megabytes: float, seed: int = 2024) -> list[str]:
    """Return news-like articles totalling about `megabytes` million characters."""
    rng = random.Random(seed)
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    paragraphs = [line for line in lines if len(line) > 80]
    short_lines = [line for line in lines if 0 < len(line) <= 80 and line not in END_LINES]
    seed_sentences = [s for p in paragraphs for s in re.split(r"(?<=[.”])\s+(?=[A-Z“])", p)]
    articles, total = [], 0
    while total < megabytes * 1_000_000:
        article = _build_article(rng, seed_sentences, paragraphs, short_lines)
        articles.append(article)
        total += len(article)
    return articles


def _build_article(
    rng: random.Random, sentences: list[str], paragraphs: list[str], short_lines: list[str]
) -> str:
    parts = [rng.choice(SECTION_LINES), rng.choice(short_lines), rng.choice(short_lines)]
    target = rng.randint(2_000, 4_000)
    while sum(len(part) + 2 for part in parts) < target:
        if rng.random() < 0.25:
            parts.append(rng.choice(paragraphs))  # a seed paragraph as it was
            continue
        sizes, weights = zip(*SENTENCES_PER_PARAGRAPH.items(), strict=True)
        count = rng.choices(sizes, weights)[0]
        picked = [_sentence(rng, sentences) for _ in range(count)]
        parts.append(" ".join(picked) + rng.choice(["", "", "\xa0", " \xa0"]))
    parts.extend(rng.sample(END_LINES, k=2))
    return "\n\n".join(parts)


def _sentence(rng: random.Random, sentences: list[str]) -> str:
    if rng.random() < 0.5:
        return rng.choice(sentences)
    return rng.choice(TEMPLATES).format(
        rank=rng.choice(RANKS),
        name=rng.choice(NAMES),
        org=rng.choice(ORGS),
        day=rng.choice(DAYS),
        hour=rng.randint(1, 12),
        count=rng.randint(10, 90_000),
        small=rng.randint(1, 9),
        decimal=f"{rng.uniform(0.1, 9.9):.1f}",
        money=f"{rng.uniform(1, 99):.1f}",
    )


def bare_pysbd() -> Callable[[str], list[str]]:
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda text: [span.sent.strip() for span in segmenter.segment(text)]


def ours(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


def golden_rules_right(segment: Callable[[str], list[str]], cases: list[dict]) -> int:
    """Count cases right by the README's rule: stripped, non-empty sentences equal, in order."""
    return sum(
        [s.strip() for s in segment(case["text"]) if s.strip()] == case["sentences"]
        for case in cases
    )


def sentence_ends(text: str, sentences: list[str]) -> set[int]:
    """Return where each of `sentences`, located in `text` in order, ends."""
    ends, position = set(), 0
    for sentence in sentences:
        position = text.index(sentence, position) + len(sentence)
        ends.add(position)
    return ends


def score_articles(
    segment: Callable[[str], list[str]], articles: list[dict]
) -> tuple[float, float, float, int]:
    """Return boundary precision, recall and F1 over all `articles`, and how many are exact."""
    found = expected = right = exact = 0
    for article in articles:
        predicted = [s.strip() for s in segment(article["text"]) if s.strip()]
        ours = sentence_ends(article["text"], predicted)
        gold = sentence_ends(article["text"], article["sentences"])
        found, expected, right = found + len(ours), expected + len(gold), right + len(ours & gold)
        exact += predicted == article["sentences"]
    precision, recall = right / found, right / expected
    return precision, recall, 2 * precision * recall / (precision + recall), exact


def time_once(segment: Callable[[str], list[str]], articles: list[str]) -> tuple[float, int]:
    """Return seconds taken and sentences found."""
    start = time.perf_counter()
    found = sum(len(segment(article)) for article in articles)
    return time.perf_counter() - start, found


def compare_throughput(articles: list[str], *, runs: int) -> tuple[float, float]:
    """Print and return the median seconds of ours and of pysbd over `articles`."""
    contenders = {"ours": ours, "pysbd": bare_pysbd()}
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    found = {}
    for run in range(runs):
        order = list(contenders) if run % 2 == 0 else list(reversed(contenders))
        for name in order:  # alternate who goes first, so warm-up favours neither
            taken, found[name] = time_once(contenders[name], articles)
            seconds[name].append(taken)
    chars = sum(map(len, articles))
    lines = sum(1 for article in articles for line in article.splitlines() if line.strip())
    print(f"corpus: {len(articles):,} articles, {chars:,} chars, {lines:,} non-empty lines")
    medians = {name: statistics.median(taken) for name, taken in seconds.items()}
    for name, median in medians.items():
        print(
            f"  {name:5} {chars / median / 1e6:.2f} M chars/s (median of {runs}: {median:.2f} s;"
            f" runs {', '.join(f'{t:.2f}' for t in seconds[name])}), {found[name]:,} sentences"
        )
    return medians["ours"], medians["pysbd"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("golden_rules", nargs="?", type=Path, default=GOLDEN_RULES)
    parser.add_argument("--gum", type=Path, default=GUM_NEWS, help="GUM news articles (JSON)")
    parser.add_argument("--megabytes", type=float, default=5.0, help="corpus size (M chars)")
    parser.add_argument("--quick", action="store_true", help="a 1 M char corpus instead")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    cases = json.loads(args.golden_rules.read_text(encoding="utf-8"))
    ours_right = golden_rules_right(ours, cases)
    pysbd_right = golden_rules_right(bare_pysbd(), cases)
    print(SEGMENTER_NAME)
    print(f"golden rules right: ours {ours_right}/{len(cases)}, pysbd {pysbd_right}/{len(cases)}")
    gum = json.loads(args.gum.read_text(encoding="utf-8"))
    for name, segment in {"ours": ours, "pysbd": bare_pysbd()}.items():
        precision, recall, f1, exact = score_articles(segment, gum)
        print(
            f"GUM news, {name:5}: boundary precision {precision:.3f}, recall {recall:.3f},"
            f" F1 {f1:.3f}; {exact}/{len(gum)} articles exact"
        )

    articles = build_corpus(megabytes=1.0 if args.quick else args.megabytes)
    ours_s, pysbd_s = compare_throughput(articles, runs=args.runs)
    print(
        f"  ours takes {ours_s / pysbd_s:.2f}x pysbd's time, {pysbd_s / ours_s:.2f}x as fast"
        f" (allowed: at most {SLOWDOWN_ALLOWED}x the time)"
    )
    seed = [SEED.read_text(encoding="utf-8")] * 200
    seed_ours, seed_pysbd = time_once(ours, seed)[0], time_once(bare_pysbd(), seed)[0]
    print(f"1,000 seed articles: ours {seed_ours * 5:.2f} s, pysbd {seed_pysbd * 5:.2f} s")
    return 0 if ours_right >= pysbd_right and ours_s <= SLOWDOWN_ALLOWED * pysbd_s else 1


if __name__ == "__main__":
    sys.exit(main())
