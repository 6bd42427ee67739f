"""Cursor pagination for every list: stable under inserts, and no COUNT(*) per page."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

MAX_PAGE_SIZE = 1000


class IdCursorPagination(CursorPagination):
    """Oldest first, by id: for annotations that is the order the revisions were made."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        # DRF falls back to the default for a bad value; a client that asked for 5000 rows
        # and got 100 without a word would think it had them all.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {self.page_size_query_param: [f"Give a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
                parameter["description"] += f" Default {self.page_size}."
        return parameters


class PositionCursorPagination(IdCursorPagination):
    """Sentences in article order."""

    ordering = "position"


class NewestFirstCursorPagination(IdCursorPagination):
    """Newest first: a project's history, where the latest change is the one looked for."""

    ordering = "-pk"
