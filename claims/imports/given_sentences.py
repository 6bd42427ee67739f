"""Sentences and labels given with an imported article (an exported JSON Lines dataset),
validated before anything touches the database.

A record's `sentences` keep their boundaries instead of being segmented again, so they
must be half-open offsets into the (newline-normalised) text, in order, not overlapping,
and each `text`, when given, must be the slice it names. Whether the label keys belong to
the project's scheme is checked at import, where the project is known.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims.adjudication import automatic_gold
from claims.attribution_values import specs_from
from claims.attributions import AttributionSpec, InvalidAttribution
from claims.imports.errors import describe_json_type
from claims.models import GoldLabel

type ErrorFactory = Callable[[str, str], Exception]  # (field, problem) -> error to raise

_SENTENCE_KEYS: tuple[str, ...] = ("index", "start", "end", "text", "annotations", "gold")
_SENTENCE_KEYS += ("gold_method", "gold_reviewer", "gold_attributions")
_ANNOTATION_KEYS = ("annotator", "label", "attributions", "seconds", "updated_at")
_USERNAME_LIMIT = User._meta.get_field("username").max_length
_METHODS = tuple(GoldLabel.Method.values)  # read once: the enum builds the list on each use


@dataclass(frozen=True, slots=True)
class AnnotationRecord:
    annotator: str  # username
    label: str  # label key
    # As given: kinds, `via` and the label's role are checked where the project is known
    # (given_labels.check_labels), by claims.attributions' rules.
    attributions: tuple[AttributionSpec, ...]
    seconds: float | None
    updated_at: datetime | None
    field: str  # where it was given, "sentences[2].annotations[0]", for errors


@dataclass(frozen=True, slots=True)
class SentenceRecord:
    start: int
    end: int
    annotations: tuple[AnnotationRecord, ...]
    gold: str | None  # label key
    gold_method: str | None  # set whenever gold is
    gold_reviewer: str | None  # username; set exactly for adjudicated gold
    field: str  # "sentences[2]"
    gold_attributions: tuple[AttributionSpec, ...] = ()


def read_sentences(
    value: object, *, text: str, error: ErrorFactory
) -> tuple[SentenceRecord, ...] | None:
    """Check a record's `sentences` against its `text`; None when none were given.

    Gold without `gold_method` is taken as unanimous or majority gold when the sentence's
    annotations agree on it that way; otherwise the method (and for adjudicated gold, the
    reviewer) must be given. Raises what `error(field, problem)` makes, with field paths
    such as "sentences[2].end".
    """
    if value is None:
        return None
    if not isinstance(value, list):
        raise error("sentences", f"must be an array, not {describe_json_type(value)}")
    if not value:
        raise error("sentences", "is empty; leave it out to have the text segmented")
    sentences: list[SentenceRecord] = []
    for number, item in enumerate(value):
        where = f"sentences[{number}]"
        fields = _object(item, where, _SENTENCE_KEYS, error)
        start, end = _span(fields, where, text=text, error=error)
        previous_end = sentences[-1].end if sentences else 0
        if start < previous_end:
            problem = f"is {start}, before the end of the sentence before ({previous_end})"
            raise error(f"{where}.start", f"{problem}; sentences must be in order, apart")
        _whole_number(fields.get("index", 0), f"{where}.index", error)
        annotations = _annotations(fields.get("annotations"), where, text=text, error=error)
        sentences.append(_with_gold(fields, where, start, end, annotations, text, error))
    return tuple(sentences)


def _with_gold(
    fields: Mapping[str, object],
    where: str,
    start: int,
    end: int,
    annotations: tuple[AnnotationRecord, ...],
    text: str,
    error: ErrorFactory,
) -> SentenceRecord:
    gold = _optional_string(fields.get("gold"), f"{where}.gold", error)
    method = _optional_string(fields.get("gold_method"), f"{where}.gold_method", error)
    reviewer = _username(fields.get("gold_reviewer"), f"{where}.gold_reviewer", error)
    if gold is None and (method or reviewer):
        raise error(f"{where}.gold_method", "is given for a sentence without 'gold'")
    gold_attributions = _attributions(
        fields.get("gold_attributions"), f"{where}.gold_attributions", text, error
    )
    if gold is None and gold_attributions:
        raise error(f"{where}.gold_attributions", "is given for a sentence without 'gold'")
    if method is not None and method not in _METHODS:
        known = ", ".join(_METHODS)
        raise error(f"{where}.gold_method", f"is {method!r}; it must be one of {known}")
    if gold is not None and method is None:
        # Files written by hand may leave the method out; agreement can supply it.
        earned = automatic_gold([a.label for a in annotations], required=1, policy="majority")
        if earned is None or earned[0] != gold:
            problem = f"is needed: the annotations do not agree on {gold!r}"
            raise error(f"{where}.gold_method", f"{problem} (give 'adjudicated' and a reviewer)")
        method = earned[1]
    if (method == GoldLabel.Method.ADJUDICATED) != (reviewer is not None):
        problem = "is needed for" if reviewer is None else "is only for"
        raise error(f"{where}.gold_reviewer", f"{problem} adjudicated gold")
    return SentenceRecord(start, end, annotations, gold, method, reviewer, where, gold_attributions)


def _annotations(
    value: object, where: str, *, text: str, error: ErrorFactory
) -> tuple[AnnotationRecord, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise error(f"{where}.annotations", f"must be an array, not {describe_json_type(value)}")
    annotations: list[AnnotationRecord] = []
    for number, item in enumerate(value):
        field = f"{where}.annotations[{number}]"
        if isinstance(item, dict) and "source" in item:
            raise error(
                f"{field}.source",
                "was replaced by 'attributions', a list (see the README's JSONL contract)",
            )
        fields = _object(item, field, _ANNOTATION_KEYS, error)
        annotator = _username(fields.get("annotator"), f"{field}.annotator", error)
        label = _optional_string(fields.get("label"), f"{field}.label", error)
        if annotator is None:
            raise error(f"{field}.annotator", "is missing")
        if label is None:
            raise error(f"{field}.label", "is missing")
        if any(a.annotator == annotator for a in annotations):
            raise error(f"{field}.annotator", f"labels the sentence twice ({annotator!r})")
        attributions = _attributions(
            fields.get("attributions"), f"{field}.attributions", text, error
        )
        annotations.append(
            AnnotationRecord(
                annotator=annotator,
                label=label,
                attributions=attributions,
                seconds=_seconds(fields.get("seconds"), f"{field}.seconds", error),
                updated_at=_moment(fields.get("updated_at"), f"{field}.updated_at", error),
                field=field,
            )
        )
    return tuple(annotations)


def _attributions(
    value: object, where: str, text: str, error: ErrorFactory
) -> tuple[AttributionSpec, ...]:
    """The shape of an attributions list (claims.attribution_values reads it for every
    door); its rules are checked with the project."""
    if value is None or value == []:
        return ()  # most sentences: no call
    try:
        return tuple(specs_from(value, path=where, text=text))
    except InvalidAttribution as invalid:
        raise error(invalid.path, invalid.message) from None


def _span(
    fields: Mapping[str, object], where: str, *, text: str, error: ErrorFactory
) -> tuple[int, int]:
    start = _whole_number(fields.get("start"), f"{where}.start", error)
    end = _whole_number(fields.get("end"), f"{where}.end", error)
    if end <= start:
        raise error(f"{where}.end", f"is {end}; it must be greater than start ({start})")
    if end > len(text):
        raise error(f"{where}.end", f"is {end}, past the end of the text ({len(text):,})")
    given = fields.get("text")
    if given is not None and given != text[start:end]:
        found = text[start:end]
        shown = found if len(found) <= 40 else found[:39] + "\u2026"
        raise error(f"{where}.text", f"differs from the text at [{start}:{end}], {shown!r}")
    return start, end


def _object(
    value: object, where: str, known: tuple[str, ...], error: ErrorFactory
) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise error(where, f"must be an object, not {describe_json_type(value)}")
    for key in value:
        if key not in known:
            raise error(f"{where}.{key}", f"is not known here; known: {', '.join(known)}")
    return value


def _whole_number(value: object, where: str, error: ErrorFactory) -> int:
    if value is None:
        raise error(where, "is missing")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise error(where, f"must be a whole number >= 0, not {value!r}")
    return value


def _optional_string(value: object, where: str, error: ErrorFactory) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise error(where, f"must be a string, not {describe_json_type(value)}")
    if not value.strip():
        raise error(where, "is empty")
    return value


def _username(value: object, where: str, error: ErrorFactory) -> str | None:
    name = _optional_string(value, where, error)
    if name is not None:
        if not _is_valid_username(name):
            raise error(where, f"is not a valid username: {name[:40]!r}")
        if _USERNAME_LIMIT is not None and len(name) > _USERNAME_LIMIT:
            raise error(where, f"is longer than {_USERNAME_LIMIT} characters")
    return name


# A dataset names a handful of people on every sentence: each name is validated once.
@functools.lru_cache(maxsize=1024)
def _is_valid_username(name: str) -> bool:
    try:
        User.username_validator(name)
    except ValidationError:
        return False
    return True


def _seconds(value: object, where: str, error: ErrorFactory) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise error(where, f"must be a number, not {describe_json_type(value)}")
    if not math.isfinite(value) or value < 0:
        raise error(where, f"must be a number of seconds >= 0, not {value}")
    return float(value)


def _moment(value: object, where: str, error: ErrorFactory) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise error(where, "must be an ISO 8601 time such as 2024-05-31T14:05:00+00:00")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
