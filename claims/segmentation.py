"""Sentence segmentation for news text, with exact character offsets.

pysbd does the general English work (abbreviations, numbers, lists, ellipses, quotations). On top
of it we add what news copy needs, each rule covered by a case in
tests/claims/test_segmentation.py:

- every line break ends a unit, so a headline, section line, caption or "SHARE THIS ARTICLE"
  never joins the paragraph after it;
- pysbd's false boundaries are undone: cuts inside a token (``Maj.-Gen.``, ``D-Va.,``), after a
  rank it does not know (``Ret.``, ``Amb.``), after ``a.m.`` followed by a day, month or time
  zone, and pieces that cannot be sentences (a lone ``”``; "At 5 a.m." on its own);
- boundaries it misses are added: after ``…`` and after a closing quotation mark followed by a
  capital (also when stray spaces or a stray closer follow the punctuation, as in ``... ”`` or
  ``[...]``), before a quotation that opens a sentence after an abbreviation (``R-S.C. “We``),
  where scraping lost the space after a period (``English.Kim``), and between the sentences of a
  multi-sentence quotation, in double or single curly quotes;
- a piece that cannot start a sentence continues the one before: the attribution after a
  quotation (``“...!” Trump tweeted on May 12.``) and a piece starting with a dash (the dateline
  ``CHICAGO, Ill. — A 16-year-old ...``).

Most news paragraphs are one sentence long; those skip pysbd entirely (see ``_is_single_unit``),
which is why we are faster than bare pysbd although we call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import pysbd
from pysbd.about import __version__ as _PYSBD_VERSION

# Stored on each article. Bump the rules number whenever a change here can move a boundary, so
# articles segmented by an older version can be found and re-segmented.
SEGMENTER_NAME = f"news-rules-2+pysbd-{_PYSBD_VERSION}"


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    start: int  # half-open offsets into the text, in code points
    end: int


def normalise_newlines(text: str) -> str:
    """Return `text` with ``\\r\\n`` and lone ``\\r`` turned into ``\\n``.

    Offsets from `split_sentences` refer to the text it was given; callers that store text apply
    this first, so that offsets do not depend on the platform the text came from.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_sentences(text: str) -> list[SentenceSpan]:
    """Split `text` into sentences, as half-open code point offsets into `text`.

    Spans are in order and do not overlap; ``text[start:end]`` is never empty and neither starts
    nor ends with whitespace (``str.isspace``, so no-break spaces too); together the spans cover
    every non-whitespace character. Every line break (``\\n``, ``\\r`` and the other separators
    of ``str.splitlines``) ends a sentence. Empty or whitespace-only text gives ``[]``.
    """
    spans: list[SentenceSpan] = []
    for line in _LINE.finditer(text):
        offset = line.start()
        spans.extend(SentenceSpan(offset + a, offset + b) for a, b in _split_line(line.group()))
    return spans


# A stripped line: from its first to its last non-whitespace character. The class holds exactly
# the separators of str.splitlines(), and `\s` is str.isspace() for str patterns.
_LINE = re.compile(r"\S(?:[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*\S)?")

type _Piece = tuple[int, int]  # half-open offsets into one line


def _split_line(line: str) -> list[_Piece]:
    if _is_single_unit(line):
        return [(0, len(line))]
    return _split_with_pysbd(line)


def _split_with_pysbd(line: str, *, is_quotation: bool = False) -> list[_Piece]:
    cuts = _pysbd_cuts(line) | _missed_cuts(line)
    if not is_quotation:
        cuts |= _quotation_cuts(line)
    return _merge_false_boundaries(line, _pieces(line, cuts))


# The fast path. pysbd can only cut a line that (a) holds sentence punctuation before its end,
# (b) holds a closing parenthesis (lists "1) ... 2)", "(a) ... (b)", parentheses between
# quotes), (c) starts with a quotation mark or parenthesis (it splits '"Hi" Then ...' without
# any period), (d) holds "-" + quote + space (its quotation-at-end rule), or (e) holds one of
# its placeholder characters, which it rewrites. Any other line comes back from pysbd whole,
# except that a quote after the final punctuation may become a piece of its own, which
# `_merge_false_boundaries` glues back. Our own cuts all need sentence punctuation before the
# end of the line, which such a line does not have. So the slow path would return the whole line;
# tests check this claim against it on generated lines.
_SENTENCE_PUNCTUATION = ".!?。．！？…"
_PYSBD_PLACEHOLDERS = "∯♬♭ᓰᓱᓳᓴᓷᓸ☉☇☈☄✂⌬ȸȹƪ♟♝☏∮⎋♨☝"
_OPENERS = "'\"“‘「（("
_SINGLE_UNIT = re.compile(
    rf"[^{_OPENERS}{_SENTENCE_PUNCTUATION}()（）「」{_PYSBD_PLACEHOLDERS}]"
    rf"[^{_SENTENCE_PUNCTUATION}()（）「」{_PYSBD_PLACEHOLDERS}]*"
    rf"[{_SENTENCE_PUNCTUATION}]?[\"'”’]*"
)
_HYPHEN_QUOTE = re.compile(r"-[\"'“”]\s")


def _is_single_unit(line: str) -> bool:
    return _SINGLE_UNIT.fullmatch(line) is not None and _HYPHEN_QUOTE.search(line) is None


def _pysbd_cuts(line: str) -> set[int]:
    # A new Segmenter per call: it costs about a microsecond, and segment() keeps the text on
    # the instance, so a shared one would not be safe across threads. We keep only where
    # pysbd's sentences start: its char spans may skip text it rewrote, and cuts never lose any.
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return {span.start for span in segmenter.segment(line)}


# pysbd splits after "word..." but not after "word…" (one character), so we mirror its rule for
# the one-character ellipsis. It also keeps "He said ‘no.’ Then" and two quotations in a row
# together. Each cut is where the next sentence starts.
# The second alternative: closers after a space (``fight. ” Then``, NYT's ``''``) or after an
# ellipsis (``fight... ) Then``, ``yields [...] Ozone``) belong to the sentence before, and the
# capital after them starts the next; pysbd keeps all of it together.
_MISSED_BOUNDARY = re.compile(
    r"(?:…[\"'”’]*|[.!?…][\"'”’]+|(?:…|\.\.\.)(?:\s*(?:''|[”’\])]))+|[.!?](?:\s+(?:''|[”’]))+)"
    r"\s+(?=[A-Z“‘\"])"
)
# After an abbreviation of two or more letters (``R-S.C.``, ``U.S.``) pysbd never cuts, so a
# quotation opening the next sentence joins it. A quotation that holds punctuation is a clause,
# so it starts a sentence; one without (``C. "Bobby" Scott``, ``U.S. "war on terror"``) does not.
_QUOTATION_AFTER_ABBREVIATION = re.compile(
    r"\b(?:[A-Z]\.){2,}\s+(?=[“\"][A-Z][^“”\"]*[.,!?…][”\"])"
)
# Scraped text can lose the space after a period (``English.Kim``). Only letter words on both
# sides, the right one capitalised then lower case, and neither touching ``.@/:\-_`` or a
# digit: that leaves e-mail addresses (``Jane.Doe@``), domains and file names (``report.PDF``)
# whole.
# The pattern finds the period; `_is_lost_space` looks at the whole word before it.
_LOST_SPACE = re.compile(r"(?<=[^\W\d_]{2})\.(?=[A-Z][a-z]+(?![\w@/:\\-]|\.\w))")
_NOT_BEFORE_LOST_SPACE = frozenset(".@/:\\-_0123456789")


def _missed_cuts(line: str) -> set[int]:
    cuts = {match.end() for match in _MISSED_BOUNDARY.finditer(line)}
    cuts.update(match.end() for match in _QUOTATION_AFTER_ABBREVIATION.finditer(line))
    cuts.update(
        match.end() for match in _LOST_SPACE.finditer(line) if _is_lost_space(line, match.end())
    )
    return cuts


def _is_lost_space(line: str, cut: int) -> bool:
    if _LOST_SPACE.match(line, cut - 1) is None:
        return False
    start = cut - 1
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    return start == 0 or line[start - 1] not in _NOT_BEFORE_LOST_SPACE


# pysbd never splits inside a pair of quotation marks, so "“We will not leave. We will stay,”
# he said." would be one unit. Annotators label each sentence of a quotation on its own, so we
# segment the interior as text of its own. NYT copy closes “ with ''. Straight single quotes
# are left alone: they double as apostrophes, and pairing them is guesswork. Curly ones are
# paired only where they cannot be apostrophes: ‘ at the start of a word, ’ after punctuation
# and not inside a word (``don’t``, ``the ’90s`` and ``Jones’`` have no ’ after punctuation).
_QUOTATION = re.compile(
    r"“((?:[^“”']|'(?!'))*)(?:”|'')|\"([^\"]*)\"|(?<![\w’'])‘([^‘]*?[.!?,…;:])’(?![^\W_])"
)
_POSSIBLE_BOUNDARY = re.compile(r"[.!?…]\S*\s+\S")


def _quotation_cuts(line: str) -> set[int]:
    cuts: set[int] = set()
    for match in _QUOTATION.finditer(line):
        group = next(group for group in (1, 2, 3) if match.group(group) is not None)
        interior, offset = match.group(group), match.start(group)
        if _POSSIBLE_BOUNDARY.search(interior) is None:
            continue
        # Interior pieces are stripped, so their starts are cut positions as they are.
        cuts.update(
            offset + start for start, _ in _split_with_pysbd(interior, is_quotation=True)[1:]
        )
    return cuts


def _pieces(line: str, cuts: set[int]) -> list[_Piece]:
    bounds = [0, *sorted(cut for cut in cuts if 0 < cut < len(line)), len(line)]
    pieces = []
    for start, end in pairwise(bounds):
        chunk = line[start:end]
        stripped = chunk.lstrip()
        if stripped:
            start += len(chunk) - len(stripped)
            pieces.append((start, start + len(stripped.rstrip())))
    return pieces


def _merge_false_boundaries(line: str, pieces: list[_Piece]) -> list[_Piece]:
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and _is_false_boundary(line, merged[-1], piece):
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    return merged


# Ranks and titles that pysbd does not know, and the ones it knows only after a space (so not in
# "Maj.-Gen." or "(Ret.)"). Case-sensitive: these are capitalised before a name.
_TITLE_AT_END = re.compile(
    r"(?:^|[\s(\-])(?:Adm|Amb|Atty|Brig|Capt|Cdr|Cmdr|Col|Cpl|Det|Dr|Fr|Gen|Gov|Hon|Insp|Lt|Maj"
    r"|Messrs|Mr|Mrs|Ms|Msgr|Pres|Prof|Pvt|Rep|Ret|Rev|Sec|Sen|Sgt|Spc|Supt)\.$"
)
_TITLE_FOLLOWER = re.compile(r"[A-Z0-9(]")
_CLOCK_AT_END = re.compile(r"\d\s?[ap]\.m\.$", re.IGNORECASE)
_CLOCK_QUALIFIER = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|Jan|Feb|Aug|Sept?|Oct"
    r"|Nov|Dec|[ECMP][SD]?T|GMT|UTC|BST|CES?T|IST)\b"
)
# "At 5 a.m." alone cannot be a sentence: it opens the next one (golden rule 18).
_LONE_CLOCK_PHRASE = re.compile(
    r"(?:At|By|Until|Before|After|From|Since|Around|About)\s+\d{1,2}(?::\d\d)?\s?[ap]\.m\.",
    re.IGNORECASE,
)
# Places: "Ft. Hood", "Mt. Fuji", "ST. LOUIS". pysbd knows "St." and "Mt." but not "Ft.".
_PLACE_AT_END = re.compile(r"(?:^|[\s(])(?:Ft|FT|Mt|MT|St|ST)\.$")
_PLACE_ENDINGS = ("t.", "T.")
_PLACE_FOLLOWER = re.compile(r"[A-Z](?!(?:he|hey|his|hat|here|hen|t|e|n)?\b)[A-Za-z]")
# A dash opens no sentence: it follows a dateline ("CHICAGO, Ill. — A 16-year-old ...").
_DASH_START = re.compile(r"—|–|--|-\s")
# The attribution after a quotation: "Trump tweeted on May 12.", "Corporal Smith said.",
# "said the minister." A subject of up to five words and a reporting verb, either way round,
# then at most six words that start no clause of their own (no pronoun subject, "that" or
# conjunction), so "He said it twice." and "Smith said he would go." stay sentences.
_REPORTING_VERB = (
    r"(?i:said|says|say|told|tells|tweeted|tweets|wrote|writes|added|adds|asked|asks|replied"
    r"|explained|stated|declared|insisted|announced|noted|shouted|yelled|cried|claimed|argued"
    r"|warned|continued|recalled|responded|admitted|posted|commented|exclaimed|concluded"
    r"|remarked|testified|quipped)\b"
)
_SUBJECT = r"[\w’'.-]+(?:,?\s+[\w’'.-]+,?){0,4}"
_ATTRIBUTION = re.compile(
    rf"(?:(?=[A-Z]){_SUBJECT}\s+{_REPORTING_VERB}|{_REPORTING_VERB}\s+{_SUBJECT})"
    r"(?:,?\s+(?!(?:that|he|she|they|it|we|I|who|which|and|but|because|if|so)\b)[\w’'.,-]+){0,6}"
    r"[.!]?"
)
_CLOSED_QUOTATION = re.compile(r"[.!?…,](?:['\"”’]|'')$")
_CLOSING_QUOTES = frozenset("'\"”’")
_COMPANY_AT_END = re.compile(r"\b(?:Co|Corp|Inc|Bros)\.$")
_COMPANY_FOLLOWER = re.compile(r"(?:Ltd|Inc|Corp|LLC|LLP|LP|PLC|Plc|AG|SA|NV|GmbH)\b")
_WORD_CHARACTER = re.compile(r"[^\W_]")


def _is_false_boundary(line: str, before: _Piece, after: _Piece) -> bool:
    first, second = line[before[0] : before[1]], line[after[0] : after[1]]
    return (
        # No whitespace between: pysbd cut inside a token ("Maj.|-Gen.", "D-Va.|, said"),
        # unless it is our cut where a space was lost ("English.|Kim").
        (before[1] == after[0] and not _is_lost_space(line, before[1]))
        # A piece of punctuation alone (a closing quote pysbd left over) is no sentence.
        or _WORD_CHARACTER.search(first) is None
        or _WORD_CHARACTER.search(second) is None
        or (_TITLE_AT_END.search(first) is not None and _TITLE_FOLLOWER.match(second) is not None)
        or (_CLOCK_AT_END.search(first) is not None and _CLOCK_QUALIFIER.match(second) is not None)
        or _LONE_CLOCK_PHRASE.fullmatch(first) is not None
        or (
            _COMPANY_AT_END.search(first) is not None
            and _COMPANY_FOLLOWER.match(second) is not None
        )
        or (
            first.endswith(_PLACE_ENDINGS)
            and _PLACE_AT_END.search(first) is not None
            and _PLACE_FOLLOWER.match(second) is not None
        )
        or _DASH_START.match(second) is not None
        or (
            first[-1] in _CLOSING_QUOTES
            and _CLOSED_QUOTATION.search(first) is not None
            and _ATTRIBUTION.fullmatch(second) is not None
        )
    )
