"""News patterns of issue 15: each rule with cases where it applies and where it must not."""

import pytest

from claims.segmentation import split_sentences


def sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


# Expected sentences joined by "|"; the input is them joined by a space.
ATTRIBUTION = {
    "name and verb after !": "“Down with the free press!” Trump tweeted on May 12.|He left.",
    "rank, name and verb after ?": "“Where are they?” Corporal Jane Smith asked.|Nobody knew.",
    "pronoun and verb": "“We will not go!” She told reporters on Monday.|Then she left.",
    "verb first": "“Leave now!” Said the officer.|The crowd left.",
    "after a multi-sentence quotation": "“We will stay.|Iraq needs us!” Trump said.",
    "comma before the closing quote": "“We held the line,” said Corporal Smith.|He left.",
}
NOT_ATTRIBUTION = {
    "no reporting verb": "“Stop!”|She ran to the door.",
    "reported speech after the verb": "“We lost!”|Smith said he would resign.",
    "an object pronoun after the verb": "“We held the line!”|He said it twice.",
    "a clause with that": "“Go!”|The minister said on Monday that the talks were over.",
    "too long to be an attribution": (
        "“No!”|The minister of the interior and his deputies from the capital told the"
        " assembled crowd of reporters outside the building about it."
    ),
}
SINGLE_CURLY_QUOTES = {
    "multi-sentence quotation": "He said: ‘We will not leave.|Iraq needs us,’ the general said.",
    "quotation then sentence": "He said ‘no.’|Then he left.",
    "apostrophes are not quotes": "They don’t know.|The ’90s were good.|Jones’ dog barked.",
    "apostrophe inside a quotation": "‘We don’t leave.|Jones’ men stay.’|He left.",
}
ABBREVIATIONS = {
    "Ft. before a name": "He served at Ft. Hood in Texas.|He left.",
    "Mt. before a name": "They climbed Mt. Everest in May.|He left.",
    "St. before a name": "He lives in St. Louis now.|He left.",
    "dateline with an em dash": "ST. LOUIS, Mo. — Support for the plan grew.|It passed.",
    "dateline with an en dash": "CHICAGO, Ill. – A 16-year-old boy was shot.|Police came.",
    "dateline with two hyphens": "DOVER, Del. -- A storm hit the coast.|Roads closed.",
}
QUOTATION_AFTER_ABBREVIATION = {
    "state in a name": 'It came from Rep. Joe Wilson, R-S.C.|"We will fight," he said.',
    "Jr.": "The bill was signed by Martin Luther King Jr.|“We will fight,” he said.",
    "U.S.": "He moved to the U.S.|“It is home now.”",
    "a nickname is part of the name": 'Rep. Robert C. "Bobby" Scott said so.|He left.',
    "a quoted phrase continues": "The U.S. “war on terror” policy changed.|It ended.",
}
STRAY_CLOSERS = {
    "quote after a three-dot ellipsis": "We will fight... ”|Then he left.",
    "quote after an ellipsis character": "He said: “We will fight…” ”|He left.",
    "bracket after an ellipsis": "He paused... )|Then he left.",
    "bracketed ellipsis": "Crop yields would improve [...]|Ozone is understood.",
    "bracketed ellipsis mid-sentence": "Bohr [...] used the analogy.",
}
NYT_QUOTES = {
    "'' closing a multi-sentence quotation": "“We will fight.|We will win,'' he said.|He left.",
    "'' then a sentence": "He said, “We will fight.''|Then he left.",
    "spaces inside curly quotes": "He said, “ We will fight.|We will win. ”|Then he left.",
    "a space before the period": "He said, “We will fight . ”|Then he left.",
}
# Text as scraped, and the sentences a reader sees in it.
LOST_SPACE = {
    "He spoke English.Kim replied.": ["He spoke English.", "Kim replied."],
    "Nobody came.Police said so.": ["Nobody came.", "Police said so."],
    "Her email is Jane.Doe@example.com.": ["Her email is Jane.Doe@example.com."],
    "See www.Example.com for more.": ["See www.Example.com for more."],
    "Open report.PDF and notes.txt now.": ["Open report.PDF and notes.txt now."],
    "The U.S.Army left.": ["The U.S.Army left."],
    "Mr.Smith left.": ["Mr.Smith left."],
    "Version v2.Beta is out.": ["Version v2.Beta is out."],
}
TABLES = {
    **ATTRIBUTION,
    **NOT_ATTRIBUTION,
    **SINGLE_CURLY_QUOTES,
    **ABBREVIATIONS,
    **QUOTATION_AFTER_ABBREVIATION,
    **STRAY_CLOSERS,
    **NYT_QUOTES,
}


@pytest.mark.parametrize("name", TABLES)
def test_news_pattern_is_split_where_a_reader_would(name):
    expected = TABLES[name].split("|")
    assert sentences(" ".join(expected)) == expected


@pytest.mark.parametrize("text", LOST_SPACE)
def test_a_lost_space_is_restored_only_between_letter_words(text):
    assert sentences(text) == LOST_SPACE[text]


def test_a_lost_space_cut_keeps_exact_offsets():
    text = "He spoke English.Kim replied."
    assert [(s.start, s.end) for s in split_sentences(text)] == [(0, 17), (17, 29)]
