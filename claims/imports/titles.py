"""The title of a plain-text article: the line an owner names, or the line that looks most
like a headline. Pure functions over the text; no database.

Pages saved from news sites start with what surrounds the headline: breadcrumbs ("News /
Iraq"), a date, a byline, a section name. The first non-empty line is then a poor title,
so the guess skips lines of those shapes among the first few and takes the first line
that reads like a headline; when none does, it falls back to the first non-empty line.
"""

from __future__ import annotations

import re

# Only the top of a file is a header; a headline further down is a sentence of the body.
_LINES_LOOKED_AT = 8
_MIN_WORDS = 4
_MAX_WORDS = 30

# "News / Iraq", "Home > World > Middle East", "World | Asia", "Sport » Football".
_BREADCRUMB = re.compile(r"^[^/>|»]{1,40}(\s+[/>|»]\s+[^/>|»]{1,40})+$")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # English names
_DATE = re.compile(
    r"^((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"([\s,]+(at\s+)?\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*[a-z]{2,5})?)?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(by|from|posted by|written by|updated|published)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def guess_title(text: str) -> str:
    """The first of the article's first lines that looks like a headline (whitespace
    collapsed), else its first non-empty line; "" for a text of blank lines only."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    for line in lines[:_LINES_LOOKED_AT]:
        if looks_like_headline(line):
            return line
    return lines[0] if lines else ""


def looks_like_headline(line: str) -> bool:
    """Whether one line (whitespace collapsed) reads like a headline: several words, mostly
    letters, not a breadcrumb, a date or a byline, and not ended by a full stop the way a
    sentence of the body is (a headline may end with ? or !, or with an abbreviation)."""
    words = _WORD.findall(line)
    if not _MIN_WORDS <= len(words) <= _MAX_WORDS:
        return False
    if _BREADCRUMB.match(line) or _DATE.match(line) or _BYLINE.match(line):
        return False
    letters = sum(character.isalpha() for character in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return False  # a line of numbers, prices or symbols
    if line.endswith(".") and not line.endswith(("..", "U.S.", "U.K.", "Jr.", "St.")):
        return False
    return line[0].isupper() or line[0].isdigit() or not line[0].isalpha()


def title_at(text: str, *, line: int) -> str:
    """Line `line` of the text (counted from 1, as an editor shows it), whitespace
    collapsed. Raises ValueError when there is no such line or it is blank."""
    # Split at "\n" only, as the file readers count lines (they turn \r\n and \r into it).
    lines = text.removesuffix("\n").split("\n")
    if not 1 <= line <= len(lines):
        raise ValueError(f"the text has {len(lines)} line{'s' if len(lines) > 1 else ''}")
    title = " ".join(lines[line - 1].split())
    if not title:
        raise ValueError("it is blank")
    return title
