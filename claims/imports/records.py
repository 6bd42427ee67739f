"""One incoming article, validated before anything touches the database.

Files, the upload page and the API all build their records here, so an article is accepted
or refused by the same rules wherever it comes from.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Field
from django.utils import timezone

from claims.imports.errors import ArticleFormatError, describe_json_type, describe_location
from claims.imports.given_sentences import SentenceRecord, read_sentences
from claims.models import Article
from claims.segmentation import normalise_newlines

# Segmentation takes seconds per million characters and the annotate page shows the whole
# article, so a million characters (a long book) is far beyond any news article.
MAX_TEXT_CHARS = 1_000_000
# What one record (a .txt file, a .jsonl line, a .csv row) may take before it is parsed:
# the longest text with every character escaped as JSON \uXXXX still fits. Reading stops
# here, so a runaway line cannot exhaust memory.
MAX_RECORD_BYTES = 16 * 1024 * 1024

_ALIASES = {"id": ("id", "external_id"), "metadata": ("metadata", "meta")}
_STRING_FIELDS = ("title", "outlet", "url", "author")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    external_id: str
    text: str
    title: str
    outlet: str
    url: str
    author: str
    published_at: datetime | None
    metadata: dict[str, object]
    is_id_derived: bool  # no id was given, so it is a hash of the text
    path: str | None  # where the record came from, for error messages
    line: int | None
    # Given sentences (and their labels) are kept instead of segmenting the text; None
    # means segment it. `segmenter` names what made the given ones.
    sentences: tuple[SentenceRecord, ...] | None = None
    segmenter: str = ""
    index: int | None = None  # place in a list sent without a file (see ArticleFormatError)

    @property
    def location(self) -> str:
        return describe_location(path=self.path, line=self.line)

    def error(self, message: str, *, field: str | None = None) -> ArticleFormatError:
        """An error about this record, naming where it came from."""
        return ArticleFormatError(
            message, field=field, path=self.path, line=self.line, index=self.index
        )


def make_record(
    fields: Mapping[str, object],
    *,
    path: str | None = None,
    line: int | None = None,
    index: int | None = None,
) -> ArticleRecord:
    """Validate one article's fields (as parsed from JSON, a CSV row or a form).

    Known fields: text (required), id or external_id, title, outlet, url, author,
    published_at (ISO 8601; naive times are in the site's time zone), metadata or meta (an
    object). None and blank strings count as absent. Without an id, the id is
    "sha256-" + 16 hex digits of the text's hash, so re-importing the same text finds it.
    Unknown fields are kept in metadata under their own names, never dropped.
    Text newlines are normalised to \\n; nothing else in it is changed.
    `sentences` (as an exported dataset has them, see claims/imports/given_sentences.py) keep
    their boundaries and labels; `segmenter` then names what made them.
    Raises ArticleFormatError naming path, line and field.
    """
    reader = _FieldReader(fields, path=path, line=line, index=index)
    text = reader.text()
    external_id = reader.external_id()
    strings = {name: reader.string(name) for name in _STRING_FIELDS}
    sentences, segmenter = reader.sentences(text), reader.string("segmenter")
    if sentences is None and segmenter:
        raise reader.error("segmenter", "is only for given 'sentences'; this text is segmented")
    return ArticleRecord(
        external_id=external_id or _derived_id(text),
        text=text,
        published_at=reader.published_at(),
        metadata=reader.metadata(),  # last: it takes in every field not read before
        is_id_derived=not external_id,
        path=path,
        line=line,
        index=index,
        sentences=sentences,
        segmenter=segmenter,
        **strings,
    )


def _derived_id(text: str) -> str:
    return "sha256-" + hashlib.sha256(text.encode()).hexdigest()[:16]


class _FieldReader:
    """Takes fields out of one record one by one; what is left over is unknown."""

    def __init__(
        self,
        fields: Mapping[str, object],
        *,
        path: str | None,
        line: int | None,
        index: int | None,
    ) -> None:
        self.remaining = dict(fields)
        self.path, self.line, self.index = path, line, index
        self.spelling: dict[str, str] = {}  # errors name a field as the sender spelt it
        self.is_text_changed = False  # whether normalising newlines changed the text

    def error(self, name: str, problem: str) -> ArticleFormatError:
        name = self.spelling.get(name, name)
        return ArticleFormatError(
            f"field '{name}' {problem}",
            field=name,
            path=self.path,
            line=self.line,
            index=self.index,
        )

    def take(self, name: str, *, is_blank_absent: bool = True) -> object | None:
        given = [alias for alias in _ALIASES.get(name, (name,)) if alias in self.remaining]
        if len(given) > 1:
            raise self.error(given[1], f"repeats field '{given[0]}'; give only one")
        if not given:
            return None
        self.spelling[name] = given[0]
        value = self.remaining.pop(given[0])
        is_blank = isinstance(value, str) and not value.strip()
        return None if is_blank and is_blank_absent else value

    def string(self, name: str) -> str:
        return self.checked_string(name, self.take(name))

    def checked_string(self, name: str, value: object | None) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.error(name, f"must be a string, not {describe_json_type(value)}")
        field = Article._meta.get_field("external_id" if name == "id" else name)
        limit = field.max_length if isinstance(field, Field) else None  # not a relation
        if limit is not None and len(value) > limit:
            raise self.error(name, f"is {len(value):,} characters; the limit is {limit:,}")
        self.check_storable(name, value)
        if name == "url":
            try:
                URLValidator()(value)
            except ValidationError:
                raise self.error(name, f"is not a URL: {_shorten(value)}") from None
        return value

    def check_storable(self, name: str, value: str) -> None:
        # PostgreSQL refuses NUL in text, and lone surrogates (from JSON escapes such as
        # "\ud800") cannot be encoded to UTF-8 at all.
        if "\x00" in value:
            at = value.index("\x00")
            problem = f"contains a NUL character (at character {at:,}); the database refuses it"
            raise self.error(name, problem)
        try:
            value.encode()
        except UnicodeEncodeError as error:
            code = ord(value[error.start])
            problem = f"contains a lone surrogate U+{code:04X} (at character {error.start:,})"
            raise self.error(name, problem) from None

    def text(self) -> str:
        value = self.take("text", is_blank_absent=False)
        if value is None:
            raise self.error("text", "is missing")
        if not isinstance(value, str):
            raise self.error("text", f"must be a string, not {describe_json_type(value)}")
        if not value.strip():
            raise self.error("text", "is empty")
        if len(value) > MAX_TEXT_CHARS:
            raise self.error(
                "text", f"is {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,}"
            )
        self.check_storable("text", value)
        text = normalise_newlines(value)
        self.is_text_changed = text != value
        return text

    def sentences(self, text: str) -> tuple[SentenceRecord, ...] | None:
        value = self.take("sentences", is_blank_absent=False)
        if value is not None and self.is_text_changed:
            # Offsets into the text as sent would point elsewhere in the stored text.
            problem = "cannot be kept: the text has \\r line ends, which import turns into \\n"
            raise self.error("sentences", problem)
        return read_sentences(value, text=text, error=self.error)

    def external_id(self) -> str:
        value = self.take("id")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # numeric ids are common in JSON exports
        return self.checked_string("id", value.strip() if isinstance(value, str) else value)

    def published_at(self) -> datetime | None:
        value = self.take("published_at")
        if value is None:
            return None
        if isinstance(value, str):
            text = value
            try:
                value = datetime.fromisoformat(text.strip())
            except ValueError:
                problem = "is not an ISO 8601 date such as 2024-05-31 or 2024-05-31T14:05Z"
                raise self.error("published_at", f"{problem}: {_shorten(text)}") from None
        if not isinstance(value, datetime):
            raise self.error(
                "published_at", f"must be a date string, not {describe_json_type(value)}"
            )
        if not timezone.is_aware(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        # Stored in UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows.
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise self.error("published_at", f"is out of range: {_shorten(str(value))}") from None

    def metadata(self) -> dict[str, object]:
        value = self.take("metadata")
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.error("metadata", f"must be an object, not {describe_json_type(value)}")
        spelling = self.spelling.get("metadata", "metadata")
        for key, item in value.items():
            self.check_storable(f"{spelling} key {key!r}", key)
            self.check_json(f"{spelling}.{key}", item)
        metadata = dict(value)
        for name, extra in self.remaining.items():
            self.check_storable(f"field name {name!r}", name)
            if name in metadata:
                raise self.error(name, f"is also a key of '{spelling}'; give it once")
            self.check_json(name, extra)
            metadata[name] = extra
        return metadata

    def check_json(self, name: str, value: object) -> None:
        """Refuse what a JSON column cannot hold (NaN, sets, dates...) or PostgreSQL refuses."""
        pending = [value]  # a loop, not recursion: nesting depth is the sender's choice
        while pending:
            item = pending.pop()
            if isinstance(item, dict):
                pending.extend(item.keys())
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, str):
                self.check_storable(name, item)
            elif isinstance(item, float) and not math.isfinite(item):
                raise self.error(name, f"holds {item}, which JSON cannot store")
            elif item is not None and not isinstance(item, int | float):
                raise self.error(name, f"holds {type(item).__name__}, which JSON cannot store")


def _shorten(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "\u2026")
