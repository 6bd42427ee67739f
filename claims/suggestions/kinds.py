"""A first guess at a source's kind from its words, for any backend that finds spans.

The keys are the nine kinds every new project starts with (claims/projects.py). The
guess follows the codebook's order of questions: is the source withheld (anonymous), is
it no one in particular (vague), is it a news outlet or journalist, a document, a person
speaking for an institution, an institution, or a person. Mentions that point back ("he",
"the agency", "Rathke" after "Jeff Rathke, the spokesperson") take the kind of the
earlier mention they point to, since a source keeps its kind through an article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her"})

_ANONYMOUS = re.compile(
    r"\b(?:unnamed|unidentified|anonymous|anonymity|not\s+(?:to\s+be\s+)?(?:named|identified)"
    r"|insiders?|sources?)\b",
    re.IGNORECASE,
)
# Heads that name no one in particular when they stand without a name.
_VAGUE_HEADS = _word_set(
    "experts analysts observers officials critics commentators scientists researchers "
    "diplomats witnesses residents activists authorities reports media outlets people "
    "estimates studies some many others several observers economists insiders"
)
_MEDIA = re.compile(
    r"\b(?:(?i:news)|agency|TV|television|radio|Times|Post|Journal|Gazette|Herald|Tribune|"
    r"Telegraph|Guardian|Daily|newspaper|magazine|broadcaster|channel|Press|Reuters|AP|AFP"
    r"|Bloomberg|BBC|CNN|Xinhua|Yonhap|Al\s+Jazeera|editor|correspondent|reporter"
    r"|journalist|columnist)\b"
)
_OUTLET_SELF = re.compile(r"\b(?:our|this)\s+(?:correspondent|reporter|newspaper)\b", re.I)
_DOCUMENT = re.compile(
    r"\b(?:report|study|survey|poll|statement|filing|law|document|letter|tweet|post"
    r"|memo|census|data|figures|analysis)\b",
    re.IGNORECASE,
)
_TITLES = re.compile(
    r"\b(?:President|Minister|Secretary|[Ss]pokes(?:man|woman|person)|General|Gen\."
    r"|Colonel|Col\.|Lieutenant|Captain|Admiral|Senator|Sen\.|Rep\.|Representative"
    r"|Governor|Gov\.|Mayor|Chancellor|[Cc]hair(?:man|woman|person)?|[Dd]irector|[Cc]hief"
    r"|[Cc]ommander|[Aa]mbassador|[Oo]fficial|member\s+of|MP|[Ll]awmaker|[Hh]ead\s+of"
    r"|King|Queen|Prince|Sheikh|Judge|[Pp]rosecutor|[Cc]ommissioner|Deputy|CEO"
    r"|[Ee]xecutive|[Mm]anager|[Oo]fficer|Professor|Prof\.|Dr\.)"
)
_ORGANIZATION = re.compile(
    r"\b(?:Ministry|Department|Authority|Council|Committee|Commission|Church|[Cc]ourt"
    r"|[Gg]overnment|Navy|[Mm]ilitary|[Aa]rmy|[Pp]olice|Office|Party|Union|Association"
    r"|University|Institute|Company|Corporation|Inc|Corp|Ltd|Bank|Agency|Organi[sz]ation"
    r"|Nations|United|Republic|Federation|Forces|House|Pentagon|Kremlin|Parliament"
    r"|Congress|Senate|Board|Service|Group|Foundation|[Mm]inistry|North|South|East|West)\b"
)
_NAME_WORD = re.compile(r"\b[A-Z][\w’'-]+")
_POSSESSIVE = re.compile(r"[’']s$")


def guess_kind(
    source: str | None, *, cue: str = "", earlier: Sequence[tuple[str, str]] = ()
) -> str:
    """The likeliest kind key for `source` (its text, or None when there is no span;
    then the cue decides: "reportedly" is vague). `earlier` holds (source text, kind) of
    the article's earlier attributions, latest last, for mentions that point back."""
    if source is None:
        return "vague"
    words = source.split()
    lowered = source.lower()
    if lowered in PRONOUNS:
        return _latest_kind(earlier, media_or_organization=lowered in ("it", "they"))
    if found := _earlier_kind(source, earlier):
        return found
    if _ANONYMOUS.search(source):
        return "anonymous"
    if _OUTLET_SELF.search(source):
        return "outlet_self"
    names = _NAME_WORD.findall(source)
    head = words[-1].lower().strip(",.")
    if head in _VAGUE_HEADS and not _has_proper_name(words):
        return "vague"
    if _MEDIA.search(source):
        return "news_media"
    if _DOCUMENT.search(source) and len(words) <= 4:
        # "a report" names no report; "the Pentagon report" does.
        return "document" if len(names) > (1 if words[0][0].isupper() else 0) else "vague"
    if _TITLES.search(source):
        return "named_official" if len(names) >= 2 else "anonymous"
    if _ORGANIZATION.search(source) or len(names) <= 1:
        # A person is first named in full, so a lone capitalised word that points to no
        # earlier mention is more often a capital or an institution ("Baghdad").
        return "named_organization"
    return "named_individual"


def _has_proper_name(words: Sequence[str]) -> bool:
    # The first word is capitalised at the start of a sentence anyway, and nationality
    # adjectives ("Iraqi officials") name no one; a capital further in usually does.
    return any(word[:1].isupper() for word in words[1:-1]) and len(words) > 2


def _latest_kind(earlier: Sequence[tuple[str, str]], *, media_or_organization: bool) -> str:
    person_kinds = ("named_official", "named_individual", "anonymous")
    for _, kind in reversed(earlier):
        if media_or_organization or kind in person_kinds:
            return kind
    return "named_organization" if media_or_organization else "named_individual"


@lru_cache(maxsize=4096)
def _mention_words(text: str) -> frozenset[str]:
    # A possessive modifies the mention's head ("North Korea's news agency" is no mention
    # of North Korea), so it does not count as the earlier name.
    return frozenset(
        word.strip(",.()").lower() for word in text.split() if not _POSSESSIVE.search(word)
    )


def _earlier_kind(source: str, earlier: Sequence[tuple[str, str]]) -> str | None:
    """The kind of the latest earlier mention this one repeats: the same capitalised name
    ("Rathke", "KCNA"), or a definite noun ("the agency", "the source") that an earlier
    mention ends with or contains."""
    words = source.split()
    if len(words) > 3:
        return None
    names = [word for word in words if word[:1].isupper() and word.lower() != "the"]
    definite = words[0].lower() == "the" and len(words) == 2
    for text, kind in reversed(earlier):
        earlier_words = _mention_words(text)
        if names and all(name.strip(",.").lower() in earlier_words for name in names):
            return kind
        if definite and words[1].lower() in earlier_words:
            return kind
    return None
