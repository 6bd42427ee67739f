import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claims.segmentation import (
    SEGMENTER_NAME,
    _is_single_unit,
    _split_with_pysbd,
    split_sentences,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures" / "presstv_us_base_iraq.txt").read_text(encoding="utf-8")
GOLDEN_RULES = ROOT.parent / "shared" / "benchmarks" / "segmentation" / "golden_rules_en.json"
PYSBD_GOLDEN_RULES_RIGHT = 47  # pysbd 0.3.4 misses gr-en-18 (a.m. before "Mr.")


def sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


# Expected sentences joined by "|"; the test joins them with a space, or with the line break
# given in LINE_BREAKS, to make the input.
NEWS_CASES = {
    "hyphenated rank": "Maj.-Gen. Qassem Soleimani was killed.|He led the Quds Force.",
    "two-word rank": "Lt. Col. John Smith said the base is ready.|It opens Monday.",
    "titles": "Gen. Mark Milley spoke.|Dr. Jane Doe and Sen. Tim Kaine agreed.",
    "retired rank": "Ret. Gen. David Petraeus said so.|Others disagreed.",
    "ambassador": "Amb. John Bolton spoke.|Hon. Jane Doe replied.",
    "state after name": "Rep. Adam Schiff, D-Calif., said so.|He left.",
    "U.S. mid-sentence": "The U.S. and the U.N. disagreed.|Talks resumed.",
    "U.S. at the end": "I live in the U.S.|How about you?",
    "U.S. before a name": "U.S. President Joe Biden said so.|He left.",
    "a.m. mid-sentence": "The meeting began at 9 a.m. on Monday.|It ended at 5 p.m.|Aides left.",
    "a.m. before a day": "The strike came at 5 a.m. Monday, officials said.",
    "a.m. before a time zone": "They met at 10:30 a.m. EST on Monday.|Talks went on.",
    "number sign": "He is the No. 1 candidate.|She is No. 2 in the polls.",
    "company mid-sentence": "Shares of Apple Inc. rose.|The company said so.",
    "company at the end": "They closed the deal with Pitt, Briggs & Co.|It closed yesterday.",
    "company with two suffixes": "Samsung Electronics Co. Ltd. said so.|Shares fell.",
    "initials": "J. R. R. Tolkien wrote it.|George W. Bush read it.",
    "decimal": "The economy grew 3.5 percent.|Unemployment fell to 4.2%.",
    "money": "The deal is worth $1.2 million.|It closes in May.",
    "domain mid-sentence": "Visit www.presstv.ir for more.|It is updated daily.",
    "domain at the end": "Read more at www.presstv.ir.|It is updated daily.",
    "straight quote then sentence": '"We will not leave."|The minister repeated it.',
    "curly quote then sentence": "He said, “We will stay.”|Then he left.",
    "quote then quote": "He said: “We will stay.”|“We are not leaving,” he added.",
    "single curly quote": "He said ‘no.’|Then he left.",
    "quote then lower case": 'She turned to him, "This is great." she said.',
    "multi-sentence quote": "“We will not leave.|Iraq needs us,” the general said.",
    "straight multi-sentence quote": '"We will not leave.|Iraq needs us," the general said.',
    "abbreviations in a quote": "He said: “Gen. Smith is here.|Lt. Col. Jones left.”|He went.",
    "three dots": "He paused...|Then he continued.",
    "ellipsis character": "He paused…|Then he continued.",
    "ellipsis in a quote": "“We will fight…”|He stopped.",
    "ellipsis mid-sentence": "The talks … broke down.|Nobody knows why.",
    "closing quote alone": "The rest of the quotation.”",
    "headline": "Drones swarm skies as US sets up new base|Swarms of drones are flying.",
    "blank line": "SHARE THIS ARTICLE|Press TV News Roku",
    "caption without period": "File photo|The new outpost lies close.|Borders meet.",
    "old Mac line break": "News / Iraq|Drones swarm skies",
}
LINE_BREAKS = {
    "headline": "\n",
    "blank line": "\n\n",
    "caption without period": "\r\n",
    "old Mac line break": "\r",
}


@pytest.mark.parametrize("name", NEWS_CASES)
def test_news_case_is_split_where_a_reader_would(name):
    expected = NEWS_CASES[name].split("|")
    assert sentences(LINE_BREAKS.get(name, " ").join(expected)) == expected


def test_seed_article_has_28_units():
    assert len(split_sentences(SEED)) == 28


def test_seed_article_fourth_unit_leaves_out_the_no_break_spaces_after_it():
    assert sentences(SEED)[3] == (
        "Swarms of helicopter gunships and drones are flying over al-Anbar as the US is setting"
        " up its second military base in western Iraq near the Syrian border, a report says."
    )


def test_seed_article_keeps_a_quotation_after_a_sentence_apart():
    units = sentences(SEED)
    families = units.index(
        "He said more than 30,000 Daesh terrorists are still in Syria with their families."
    )
    assert units[families + 1] == (
        "“The border with Syria is still a source of threat for Iraq’s security.”"
    )


def test_seed_article_lines_after_the_body_are_units_of_their_own():
    assert sentences(SEED)[-3:] == ["www.presstv.ir", "SHARE THIS ARTICLE", "Press TV News Roku"]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\xa0\t\r\n \u2028"])
def test_empty_or_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []


def test_segmenter_name_carries_our_rules_and_the_pysbd_version():
    assert SEGMENTER_NAME == "news-rules-2+pysbd-0.3.4"


def _golden_rules() -> list[dict]:
    if not GOLDEN_RULES.exists():
        return []
    return json.loads(GOLDEN_RULES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _golden_rules(), ids=lambda case: case["id"])
def test_golden_rule(case):
    assert sentences(case["text"]) == case["sentences"]


@pytest.mark.skipif(not GOLDEN_RULES.exists(), reason=f"{GOLDEN_RULES} is missing")
def test_golden_rules_right_at_least_as_often_as_pysbd():
    right = sum(sentences(case["text"]) == case["sentences"] for case in _golden_rules())
    assert right >= PYSBD_GOLDEN_RULES_RIGHT


# Fragments that reach the rules: abbreviations, quotes, ellipses, lists, line breaks, no-break
# spaces, and pysbd's own placeholder characters, mixed with arbitrary characters.
FRAGMENTS = [
    *[". ", "...", "…", " . . . ", "?", "!", "!?", "\n", "\n\n", "\r\n", "\r", "\xa0", " ", "\t"],
    *["U.S.", "a.m.", "P.M.", "No. 1", "Gen.", "Maj.-Gen.", "Lt. Col.", "Inc.", "Co. Ltd.", "J. "],
    *["3.5", "$1.2", "www.presstv.ir", "“", "”", '"', "'", "‘", "’", "(", ")", "[...]", "-“ "],
    *["1.", "2.", "1)", "2)", "a.", "b.", "• ", "The", "He", "said", "Smith", "I", "∯", "ȸ", "ᓴ"],
]
CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
TEXTS = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARACTERS, max_size=6)), max_size=40
).map("".join)
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@PROPERTY
@given(TEXTS)
def test_sentences_are_ordered_disjoint_non_empty_and_stripped(text):
    spans = split_sentences(text)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in spans)


@PROPERTY
@given(TEXTS)
def test_sentences_cover_every_non_whitespace_character(text):
    covered = {i for s in split_sentences(text) for i in range(s.start, s.end)}
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


# Lines the fast path may take: no sentence punctuation before the end, quotes anywhere else.
LINES = st.builds(
    lambda body, end, closing: " ".join((body + end + closing).splitlines()).strip(),
    st.lists(
        st.one_of(
            st.sampled_from(["Iraq’s", "'", '"', "“", "”", "‘", "(", "-“ ", "Yahoo", " ", "\xa0"]),
            st.text(CHARACTERS, max_size=6),
        ),
        max_size=20,
    ).map("".join),
    st.sampled_from(["", ".", "!", "?", "…", "。", "？"]),
    st.sampled_from(["", "”", "’", '"', "'", "”’"]),
)


@PROPERTY
@given(LINES)
def test_lines_on_the_fast_path_are_what_pysbd_and_our_rules_make_of_them(line):
    # The fast path skips pysbd; it must never change a result (see _is_single_unit).
    assume(line and _is_single_unit(line))
    assert _split_with_pysbd(line) == [(0, len(line))]
