"""Cues and sources within one sentence, as offsets into the sentence.

The source of a reporting verb is the noun phrase just before it ("the source said"),
taken back over an apposition ("Major-General Yahya Rasool, spokesman for …, said"), or
just after it when a quotation comes first ("…,” said KCNA"). Noun phrases are found
without a tagger: walking left from the verb, a phrase takes words until a clause word
(a preposition, conjunction or relative), a punctuation break, or a determiner that is
not itself inside an "of"/"for" phrase ("a spokesman for the ministry").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


type Local = tuple[int, int]  # half-open offsets into the sentence

SCORE_CUE = 0.9
SCORE_HEDGE = 0.6

_VERB_WORDS = (
    "said says say told tells added adds stated states announced announces claimed claims "
    "noted notes explained explains confirmed confirms denied denies warned warns insisted "
    "insists argued argues asserted asserts wrote writes reported estimated estimates "
    "believes believe suggested suggests suggest stressed emphasised emphasized "
    "acknowledged admitted alleged alleges revealed disclosed declared predicted maintained "
    "remarked commented replied responded asked urged tweeted cautioned conceded reiterated "
    "testified recalled rates rated"
)
# Verbs that report only with a "that" clause: "the court ruled that", not "ruled the city".
_THAT_VERBS = "ruled found showed shows concluded indicated agreed decided"
_VERB = re.compile(
    rf"\b(?:{'|'.join(_VERB_WORDS.split())}|pointed out)\b"
    rf"|\b(?:{'|'.join(_THAT_VERBS.split())})(?=\s+that\b)"
)
_RELAY = re.compile(
    r"\b(?P<verb>cited|quoted|citing|quoting)\s+(?P<inner>[^,;]+?)\s+as\s+"
    r"(?:saying|telling|stating|adding|warning|confirming)\b"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_PARTICIPLE_RELAY = re.compile(r",?\s*\b(?:quoting|citing)\s+")
_QUOTED_AS = re.compile(r"\b(?:was|were|is|are|has been)\s+(?P<cue>quoted as saying)\b")
_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly)\b"
    r"|\b(?:[Ii]t\s+)?(?:is|are|was|were|has been|have been)\s+(?:said|reported|believed|thought"
    r"|alleged|rumou?red|understood|claimed)(?=\s+(?:to|that)\b)"
)
_REPORTS = re.compile(
    r"\b(?:(?:numerous|several|many|some|unconfirmed|conflicting|media|press|news|recent"
    r"|local|multiple)\s+)+reports\b(?=\s+(?:about|of|that|on|suggest|say|indicate))"
)
_TEMPORAL_TAIL = re.compile(
    r"\s+(?:on\s+)?(?:(?:last|this|on)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday|yesterday|today|week|month|year|night|morning)$"
)
# Clause words end a noun phrase walked leftwards; auxiliaries and adverbs between a
# subject and its verb are stepped over ("He also said", "Greek court has ruled").
_CLAUSE_WORDS = _word_set(
    "to and or but that which who whom whose where when while as than if because although "
    "though despite after before since during in on at by from with into over under about "
    "against between through within without upon across along around near amid not is are "
    "was were be been being has have had do does did will would can could may might must "
    "should shall this"
)
_SKIPPED = _word_set(
    "also has have had was is were would will did does do later then further previously "
    "earlier once again recently repeatedly publicly having still already"
)
_DETERMINERS = _word_set(
    "the a an another this these those some many several its their his her our one two "
    "three no every each"
)
_SUBORDINATORS = re.compile(
    r"\b(?:despite|where|which|whereas|although|though|because|unless|whether)\b", re.I
)
_QUOTES = '“”"‘'
_BREAKS = re.compile(r"[,;:“”\"()]|\s[-–—]\s")
_TITLE_END = re.compile(
    r"(?:Minister|President|Secretary|[Ss]pokes(?:man|woman|person)|Governor|Mayor|Chairman"
    r"|Director|Chief|Ambassador|Commander)$"
)
# What widens a subject over its own clause: an anonymity clause ("an official who asked
# not to be named said") and the "close to" of unnamed sources ("sources close to the talks").
_ANONYMITY_CLAUSE = re.compile(
    r",?\s*\bwho\s+(?:asked|requested|spoke|declined|did not want|was not authori[sz]ed)"
    r"[^,]*?,?\s*$"
)
_SOURCES_CLOSE_TO = re.compile(
    r"\b(?:[Ss]ources?|officials?|people|diplomats?|a person)\s+(?:close to|familiar with"
    r"|with knowledge of|briefed on|in|within)\s+$"
)
_UNTIL_BREAK = re.compile(r"[^,;.!?“”\"]+(?:\([^)]*\))?")
_PASSIVE = frozenset({"was", "were", "is", "are", "be", "been", "being"})
_ANY_CUE = re.compile(
    rf"{_VERB.pattern}|\b(?:cited|quoted|citing|quoting|[Aa]ccording|reports)\b|{_HEDGE.pattern}"
)


@dataclass(frozen=True, slots=True)
class Found:
    source: Local | None
    cue: Local | None
    cue_text: str
    via: int | None
    embedded: bool
    score: float


def find_attributions(sentence: str) -> list[Found]:
    """The attributions the rules find in `sentence`, in the attribution list's order:
    a relayer before the source it relays (whose `via` is the relayer's index)."""
    if _ANY_CUE.search(sentence) is None:
        return []  # most sentences: one search and out
    # Substring tests first: they cost far less than the searches they spare.
    found = (
        (("cit" in sentence or "quot" in sentence) and _relay(sentence))
        or ("ccording to" in sentence and _according_to(sentence))
        or ("quoted as" in sentence and _quoted_as(sentence))
        or _verb(sentence, 0)
        or _hedge(sentence)
        or _reports(sentence)
    )
    return [_with_embedding(sentence, item, found) for item in found]


def _relay(sentence: str) -> list[Found]:
    match = _RELAY.search(sentence)
    if match is None:
        return []
    inner = _trim_temporal(match.start("inner"), match.end("inner"), sentence)
    relayer = _subject_before(sentence, match.start("verb"))
    cue = match.span("verb")
    if relayer is None:
        return [_found(sentence, inner, cue)]
    return [_found(sentence, relayer, cue), _found(sentence, inner, None, via=0)]


def _according_to(sentence: str) -> list[Found]:
    match = _ACCORDING.search(sentence)
    if match is None:
        return []
    source = _phrase_after(sentence, match.end())
    if source is None:
        return []
    cue = (match.start(), match.end() - len(match.group()) + len("according to"))
    found = [_found(sentence, source, cue)]
    relay = _PARTICIPLE_RELAY.match(sentence, source[1])
    if relay is not None and (inner := _phrase_after(sentence, relay.end())) is not None:
        verb = relay.group().strip(", ")
        found.append(_found(sentence, inner, (relay.end() - len(verb) - 1, relay.end() - 1), via=0))
        source = inner
    rest = _verb(sentence, source[1])
    if rest and rest[0].source is not None and rest[0].source[0] >= source[1]:
        found.append(Found(rest[0].source, rest[0].cue, rest[0].cue_text, 0, False, SCORE_CUE))
    return found


def _quoted_as(sentence: str) -> list[Found]:
    match = _QUOTED_AS.search(sentence)
    if match is None:
        return []
    subject = _subject_before(sentence, match.start())
    return [_found(sentence, subject, match.span("cue"))] if subject else []


def _verb(sentence: str, start: int) -> list[Found]:
    for match in _VERB.finditer(sentence, start):
        before = sentence[: match.start()].rstrip()
        last_word = before.rsplit(None, 1)[-1].lower() if before else ""
        if last_word in _PASSIVE or last_word in _DETERMINERS:
            continue  # "deaths were reported", "at an estimated cost"
        if before.rstrip(",").endswith(tuple(_QUOTES)) or not before:
            source = _phrase_after(sentence, match.end())  # "…,” said KCNA." / "Says X"
        else:
            source = _subject_before(sentence, match.start())
        if source is not None and not sentence[match.end() :].lstrip().startswith("by "):
            return [_found(sentence, source, match.span())]
    return []


def _hedge(sentence: str) -> list[Found]:
    match = _HEDGE.search(sentence)
    if match is None:
        return []
    cue = (match.start(), match.end())
    return [Found(None, cue, match.group(), None, False, SCORE_HEDGE)]


def _reports(sentence: str) -> list[Found]:
    match = _REPORTS.search(sentence)
    if match is None:
        return []
    return [Found(match.span(), None, "", None, False, SCORE_HEDGE)]


def _found(sentence: str, source: Local | None, cue: Local | None, via: int | None = None) -> Found:
    cue_text = sentence[cue[0] : cue[1]] if cue else ""
    return Found(source, cue, cue_text, via, False, SCORE_CUE)


def _with_embedding(sentence: str, item: Found, found: list[Found]) -> Found:
    """Embedded when a subordinating word comes before it (after the sentence's first two
    words, where "Although …, he said" opens the main clause's sentence). A relayed
    source is embedded exactly when its relayer is."""
    anchor_of = item if item.via is None else found[item.via]
    anchor = (anchor_of.source or anchor_of.cue or (0, 0))[0]
    opening = re.match(r"\s*\S+\s+\S+", sentence)
    first = opening.end() if opening else 0
    embedded = _SUBORDINATORS.search(sentence, first, anchor) is not None
    return Found(item.source, item.cue, item.cue_text, item.via, embedded, item.score)


def _subject_before(sentence: str, verb_start: int) -> Local | None:
    """The noun phrase that is the subject of the verb at `verb_start`, or None."""
    words = list(re.finditer(r"\S+", sentence[:verb_start]))
    while (
        words
        and words[-1].group().lower() in _SKIPPED
        or (words and re.fullmatch(r"[a-z]+ly", words[-1].group()))
    ):
        words.pop()
    if not words or words[-1].group().lower() in ("to", "and", "or", "not", "be", "been"):
        return None
    end = words[-1].end()
    if clause := _ANONYMITY_CLAUSE.search(sentence, 0, end):
        subject = _phrase_before(sentence, clause.start())
        return None if subject is None else (subject[0], end)
    if sentence[end - 1] == ",":
        return _apposition(sentence, end - 1)
    phrase = _phrase_before(sentence, end)
    if phrase is None:
        return None
    if widened := _SOURCES_CLOSE_TO.search(sentence, 0, phrase[0]):
        phrase = (widened.start(), phrase[1])
    return _with_title_before(sentence, phrase)


def _apposition(sentence: str, comma: int) -> Local | None:
    """`X, apposition,` before a verb: the name with its apposition; an adjunct set off by
    commas ("…, in remarks to al-Ikhbariya television,") is left out."""
    previous_comma = sentence.rfind(",", 0, comma)
    if previous_comma < 0:
        return _phrase_before(sentence, comma)
    inserted = sentence[previous_comma + 1 : comma].strip()
    first_word = inserted.split()[0].lower() if inserted else ""
    name = _phrase_before(sentence, previous_comma)
    if first_word in _CLAUSE_WORDS - _DETERMINERS - {"who", "which"} or name is None:
        return name if name is not None else _phrase_before(sentence, comma)
    if not re.search(r"[A-Z]", sentence[name[0] : name[1]]) and first_word not in ("who",):
        return _phrase_before(sentence, comma)
    return (name[0], comma)


def _with_title_before(sentence: str, phrase: Local) -> Local:
    # "Malaysia's Prime Minister, Najib Razak said": the title set off by a comma.
    if not sentence[: phrase[0]].rstrip().endswith(","):
        return phrase
    comma = len(sentence[: phrase[0]].rstrip()) - 1
    title = _phrase_before(sentence, comma)
    if title is not None and _TITLE_END.search(sentence[title[0] : title[1]]):
        return (title[0], phrase[1])
    return phrase


def _phrase_before(sentence: str, end: int) -> Local | None:
    """The noun phrase ending at `end`, walked leftwards (see the module's docstring)."""
    segment_start = 0
    for match in _BREAKS.finditer(sentence, 0, end):
        segment_start = match.end()
    words = list(re.finditer(r"\S+", sentence[segment_start:end]))
    start = None
    index = len(words) - 1
    while index >= 0:
        word = words[index].group()
        lowered = word.lower()
        previous = words[index - 1].group() if index else ""
        if lowered in _DETERMINERS:
            start = words[index].start()
            if previous.lower() not in ("of", "for") or index < 2:
                break
        elif lowered in ("of", "for") and start is not None and index >= 1:
            if previous.lower() in _CLAUSE_WORDS:
                break
        elif lowered == "and" and start is not None:
            if not (previous[:1].isupper() and sentence[segment_start + start].isupper()):
                break
        elif lowered in _CLAUSE_WORDS or not re.match(r"[\w’'-]", word):
            break
        else:
            start = words[index].start()
        index -= 1
    if start is None:
        return None
    return (segment_start + start, end)


def _phrase_after(sentence: str, start: int) -> Local | None:
    """The noun phrase from `start`, to the next break; a long stretch without one is cut
    where a lowercase word follows the capitalised name ("the Saudi Interior Ministry over
    345 …"), and one appositive after a comma is kept ("said John Smith, a spokesman.")."""
    while start < len(sentence) and sentence[start].isspace():
        start += 1
    match = _UNTIL_BREAK.match(sentence, start)
    if match is None:
        return None
    end = match.end()
    while end > start and sentence[end - 1].isspace():
        end -= 1
    words = list(re.finditer(r"\S+", sentence[start:end]))
    if not words or not (words[0].group()[0].isupper() or words[0].group().lower() in _DETERMINERS):
        return None
    if len(words) > 6:
        end = _cut_after_name(sentence, start, words) or end
    if len(sentence[start:end].split()) > 12:
        return None
    return (start, end)


def _cut_after_name(sentence: str, start: int, words: list[re.Match[str]]) -> int | None:
    seen_capital = False
    for index, word in enumerate(words):
        text = word.group()
        if text[0].isupper():
            seen_capital = True
        elif seen_capital and (text.lower() in _CLAUSE_WORDS or text[0].isdigit()):
            return start + words[index - 1].end()
    return None


def _trim_temporal(start: int, end: int, sentence: str) -> Local:
    """ "an unnamed security source on Monday" → "an unnamed security source"."""
    match = _TEMPORAL_TAIL.search(sentence, start, end)
    return (start, match.start()) if match else (start, end)
