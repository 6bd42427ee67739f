"""Request bodies: JSON only (see REST_FRAMEWORK in settings)."""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing nesting too deep for Python's parser with a 400: a body
    of 100,000 nested arrays (a few hundred kB, sent by anyone with a token) otherwise
    raises RecursionError, a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply") from None
