"""How an import says what is wrong, and where: the error every reader raises, and the
words its messages use for places and JSON values. No other module of the package is
imported here, so each can raise these without an import circle."""

from __future__ import annotations

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
_JSON_TYPES |= {int: "a number", float: "a number", type(None): "null"}


class ArticleFormatError(ValueError):
    """An article cannot be imported. `path`, `line` and `field` say where, when known;
    `line` is the physical line of the file (for a .csv row: the line it starts on), and
    `index` the article's place, from 0, in a list of records sent without a file (the
    API's batch)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message, self.path, self.line, self.field = message, path, line, field
        self.index = index

    def __str__(self) -> str:
        where = describe_location(path=self.path, line=self.line)
        return f"{where}: {self.message}" if where else self.message


def describe_location(*, path: str | None, line: int | None) -> str:
    """ "articles.jsonl line 17", "a.txt", "line 3" or "" when nothing is known."""
    return " line ".join(part for part in (path, None if line is None else str(line)) if part)


def describe_json_type(value: object) -> str:
    """ "an object", "an array", "a number"...: JSON's names, for error messages."""
    return _JSON_TYPES.get(type(value), type(value).__name__)
