"""Which line of a plain-text article is its title."""

import pytest

from claims.imports.titles import guess_title, looks_like_headline, title_at


@pytest.mark.parametrize(
    "line",
    [
        "News / Iraq",
        "Home > World > Middle East",
        "World | Asia",
        "Sport » Football » Premier League",
        "Monday, 12 March 2024",
        "March 12, 2024 at 10:45 am",
        "2024-03-12",
        "12.03.2024 14:05 GMT",
        "By Jane Smith and John Doe",
        "Updated 3 hours ago",
        "Middle East",
        "Share this article",
        "Swarms of drones are flying over al-Anbar, a report says.",
        "$1,200 | 3.5% | 2024",
    ],
)
def test_a_line_around_the_headline_is_not_one(line):
    assert not looks_like_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Drones, helicopter gunships swarm skies as US sets up new base in Iraq",
        "Iraq's parliament votes to expel US troops",
        "Will the US leave Iraq before 2026?",
        "'We were not told': Iraqi officials on the new base",
        "2014 deployment: what the US promised Baghdad",
        "Talks resume in Vienna as sanctions bite in the U.S.",
    ],
)
def test_a_headline_looks_like_one(line):
    assert looks_like_headline(line)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "News   /   Iraq\n\nDrones swarm skies over the new US base\n\nText.",
            "Drones swarm skies over the new US base",
        ),
        (
            "Home > World\n12 March 2024\nBy Jane Smith\nIraq votes to expel US troops\nIt did.",
            "Iraq votes to expel US troops",
        ),
        ("  Drones swarm   skies over Iraq  \nBody.", "Drones swarm skies over Iraq"),
        ("News / Iraq\nDrones fly.\nThey flew over al-Anbar.", "News / Iraq"),  # none: first line
        ("\n\n", ""),
    ],
    ids=["breadcrumb", "breadcrumb-date-byline", "first-line", "no-headline", "blank"],
)
def test_the_guessed_title_skips_what_surrounds_the_headline(text, title):
    assert guess_title(text) == title


def test_a_headline_far_down_the_text_is_not_taken_for_the_title():
    text = "News / Iraq\n" + "Short.\n" * 10 + "A line deep in the body that reads like one\n"
    assert guess_title(text) == "News / Iraq"


def test_a_named_title_line_is_taken_as_it_is_with_spaces_collapsed():
    assert title_at("News / Iraq\n\n  Drones   over Iraq\n", line=3) == "Drones over Iraq"


@pytest.mark.parametrize(
    ("line", "problem"), [(2, "it is blank"), (4, "the text has 3 lines")], ids=["blank", "past"]
)
def test_a_named_title_line_that_is_blank_or_missing_is_refused(line, problem):
    with pytest.raises(ValueError, match=problem):
        title_at("News / Iraq\n\nDrones over Iraq\n", line=line)
