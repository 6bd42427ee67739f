"""The rule backend on crafted sentences, the seed article and what spans sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.segmentation import split_sentences
from claims.suggestions.registry import backend_named
from claims.suggestions.rules import RuleBackend

SEED = Path(__file__).resolve().parents[3] / "fixtures" / "presstv_us_base_iraq.txt"


def _suggest(text: str) -> list:
    sentences = [(span.start, span.end) for span in split_sentences(text)]
    return RuleBackend().suggest(text=text, sentences=sentences)


def _read(text: str) -> list[tuple[str | None, list[tuple]]]:
    """Each sentence's role and attributions as (source, cue, kind, via, embedded) texts."""
    readings = []
    for suggestion in _suggest(text):
        if suggestion is None:
            readings.append((None, []))
            continue
        attributions = [
            (
                text[spec.source.start : spec.source.end] if spec.source else None,
                text[spec.cue.start : spec.cue.end] if spec.cue else None,
                spec.kind,
                spec.via,
                spec.embedded,
            )
            for spec in suggestion.attributions
        ]
        readings.append((suggestion.role, attributions))
    return readings


@pytest.mark.parametrize(
    ("sentence", "source", "cue", "kind"),
    [
        ("Experts say the rise in attacks is aimed at the elections.", "Experts", "say", "vague"),
        ("The talks will resume in May, the source said.", "the source", "said", "anonymous"),
        ("Analysts warned that prices would rise.", "Analysts", "warned", "vague"),
        (
            "Sources close to the talks said no deal was near.",
            "Sources close to the talks",
            "said",
            "anonymous",
        ),
        ("According to Reuters, the plant was closed.", "Reuters", "According to", "news_media"),
        (
            "According to the Saudi Interior Ministry 345 pilgrims died.",
            "the Saudi Interior Ministry",
            "According to",
            "named_organization",
        ),
        (
            "The Greek Orthodox Church estimates that number is closer to 40,000.",
            "The Greek Orthodox Church",
            "estimates",
            "named_organization",
        ),
        (
            "An official who asked not to be named confirmed the visit.",
            "An official who asked not to be named",
            "confirmed",
            "anonymous",
        ),
        ("Rain fell all day, a report says.", "a report", "says", "vague"),
        (
            "On Sunday, Iraqi news outlets said the operation had ended.",
            "Iraqi news outlets",
            "said",
            "vague",
        ),
        (
            "Greek court has ruled that worship at the sites is legal.",
            "Greek court",
            "ruled",
            "named_organization",
        ),
        (
            "The New York Times reported that the deal had collapsed.",
            "The New York Times",
            "reported",
            "news_media",
        ),
    ],
)
def test_a_reporting_verb_finds_its_source_and_kind(sentence, source, cue, kind):
    assert _read(sentence) == [("attribution", [(source, cue, kind, None, False)])]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            "Major-General Yahya Rasool, spokesman for the commander-in-chief of the Armed "
            "Forces, said six fighters had been killed.",
            "Major-General Yahya Rasool, spokesman for the commander-in-chief of the Armed Forces",
        ),
        (
            'Jeff Rathke, the State Department Spokesperson, said, "We urge calm."',
            "Jeff Rathke, the State Department Spokesperson",
        ),
        (
            "Civil Defense director General Suleiman al-Amr, in remarks to a television channel, "
            "said all the wounded were in hospital.",
            "Civil Defense director General Suleiman al-Amr",
        ),
        (
            "Malaysia's Prime Minister, Najib Razak said the talks would go on.",
            "Malaysia's Prime Minister, Najib Razak",
        ),
    ],
)
def test_a_title_or_apposition_is_part_of_the_source(sentence, source):
    assert _read(sentence) == [("attribution", [(source, "said", "named_official", None, False)])]


@pytest.mark.parametrize(
    ("sentence", "source", "cue"),
    [
        (
            '"Had it happened later, it would have been worse," John Smith said.',
            "John Smith",
            "said",
        ),
        ("“The border is closed,” said Ali Saleh.", "Ali Saleh", "said"),
        ('"Six shells hit the area", added KCNA.', "KCNA", "added"),
    ],
)
def test_a_quotation_before_the_verb_finds_the_speaker_on_either_side(sentence, source, cue):
    assert [attribution[:2] for attribution in _read(sentence)[0][1]] == [(source, cue)]


def test_a_relay_gives_two_attributions_the_relayed_one_via_the_relayer():
    sentence = (
        "Iraq's al-Maloumah news agency cited an unnamed security source on Monday as saying "
        "that the overflights extended to the border."
    )
    assert _read(sentence)[0][1] == [
        ("Iraq's al-Maloumah news agency", "cited", "news_media", None, False),
        ("an unnamed security source", None, "anonymous", 0, False),
    ]


def test_a_source_named_after_according_to_relays_the_speaker():
    sentence = "According to ABC News, Fuad Basya also believes the migrants left the boat."
    assert _read(sentence)[0][1] == [
        ("ABC News", "According to", "news_media", None, False),
        ("Fuad Basya", "believes", "named_individual", 0, False),
    ]


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Militants are reportedly trained at the base.", "reportedly"),
        ("The minister is believed to have resigned.", "is believed"),
        ("It is said that the bridge will reopen.", "It is said"),
    ],
)
def test_a_hedge_is_a_vague_attribution_without_a_source(sentence, cue):
    assert _read(sentence) == [("attribution", [(None, cue, "vague", None, False)])]


def test_the_subject_of_quoted_as_saying_is_the_source():
    sentence = "The minister was quoted as saying the border would stay closed."
    assert _read(sentence)[0][1][0][:2] == ("The minister", "quoted as saying")


def test_an_attribution_inside_a_subordinate_clause_is_embedded_in_a_claim():
    sentence = "US troops remain in Iraq despite Baghdad having announced the group's defeat."
    assert _read(sentence) == [
        ("claim", [("Baghdad", "announced", "named_organization", None, True)])
    ]


def test_a_pronoun_source_takes_the_kind_of_the_speaker_before_it():
    text = "Senator John Smith said the bill would pass.\n\nHe also said the vote was close."
    assert _read(text)[1] == ("attribution", [("He", "said", "named_official", None, False)])


def test_a_quotation_that_goes_on_continues_the_previous_speaker():
    text = 'John Smith said the vote was close. "We will win it next time."'
    assert _read(text)[1] == ("attribution", [(None, None, "named_individual", None, False)])


def test_a_quotation_opened_before_its_cue_continues_the_closing_speaker():
    text = '"The talks failed. We will go on. Peace will come," said the source.'
    assert [reading[1] for reading in _read(text)] == [
        [(None, None, "anonymous", None, False)],
        [(None, None, "anonymous", None, False)],
        [("the source", "said", "anonymous", None, False)],
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The new outpost lies close to a hugely strategic area.",
        "No injuries or deaths were reported in the attacks.",
        "The plan costs an estimated $26 million.",
        "People were encouraged to submit designs and suggest what the flag should mean.",
        "The stampede began when luggage from a bus tripped pilgrims.",
    ],
)
def test_a_plain_claim_gets_no_suggestion(sentence):
    assert _read(sentence) == [(None, [])]


@pytest.mark.parametrize(
    "line",
    [
        "SHARE THIS ARTICLE",
        "News / Iraq",
        "Friday, August 21, 2015",
        "www.presstv.ir",
        "File photo shows an American Apache helicopter.",
        "Hundreds dead in Hajj stampede",
    ],
)
def test_a_line_that_is_not_body_text_is_non_body(line):
    assert _read(f"{line}\n\nThe talks resumed on Monday.")[0] == ("non_body", [])


def test_the_seed_article_reads_as_the_codebook_does_for_its_sources():
    readings = _read(SEED.read_text(encoding="utf-8"))
    attributed = {
        position: [(source, kind) for source, _, kind, _, _ in attributions]
        for position, (_, attributions) in enumerate(readings)
        if attributions
    }
    assert attributed == {
        3: [("a report", "vague")],
        4: [
            ("Iraq's al-Maloumah news agency", "news_media"),
            ("an unnamed security source", "anonymous"),
        ],
        5: [("the source", "anonymous")],
        6: [("the agency", "news_media")],
        10: [("Baghdad", "named_organization")],
        11: [(None, "vague")],
        12: [("numerous reports", "vague")],
        13: [
            (
                "Abdulkhaliq al-Azzawi, a member of Iraq's parliamentary Committee on Defense "
                "and Security",
                "named_official",
            )
        ],
        14: [("He", "named_official")],
        15: [(None, "named_official")],
        18: [("Experts", "vague")],
        20: [("Iraqi news outlets", "vague")],
        21: [("Another security source", "anonymous")],
        22: [
            (
                "Major-General Yahya Rasool, spokesman for the commander-in-chief of the Armed "
                "Forces",
                "named_official",
            )
        ],
        23: [("He", "named_official")],
    }


def test_offsets_are_absolute_in_the_article():
    text = "A headline\n\nThe talks ended. Officials said the border had been closed."
    spec = _suggest(text)[2].attributions[0]
    assert (text[spec.source.start : spec.source.end], text[spec.cue.start : spec.cue.end]) == (
        "Officials",
        "said",
    )


def test_every_suggestion_names_the_backend_and_its_version():
    suggestion = _suggest("Officials said the border was closed.")[0]
    assert (suggestion.backend, suggestion.version) == (RuleBackend.name, RuleBackend.version)


def test_the_rules_are_the_configured_default_backend():
    assert backend_named().name == "rules"
