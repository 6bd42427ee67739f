"""Which of a project's sentences an agreement report covers: one outlet, one article,
articles published in [since, until). Parsed here from what a door received, and turned
into a query condition here, so the page, the API, the command and the background job
select exactly the same sentences."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q
from django.utils import timezone


class FilterError(ValueError):
    """A filter value that cannot be used; `field` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class AgreementFilters:
    """The selection; None selects everything. `since` and `until` are timezone-aware."""

    outlet: str | None = None
    article: int | None = None  # an article's id
    since: datetime | None = None  # published at or after
    until: datetime | None = None  # published before

    @property
    def is_narrowed(self) -> bool:
        return any(value is not None for value in asdict(self).values())

    def condition(self, *, article: str) -> Q:
        """The selection as a condition on the article reached through `article`: the
        lookup path from the queried model ("article" for sentences, "sentence__article"
        for annotations, "" for articles themselves)."""
        prefix = f"{article}__" if article else ""
        condition = Q()
        if self.outlet is not None:
            condition &= Q(**{f"{prefix}outlet": self.outlet})
        if self.article is not None:
            condition &= Q(**{article or "pk": self.article})
        if self.since is not None:
            condition &= Q(**{f"{prefix}published_at__gte": self.since})
        if self.until is not None:
            condition &= Q(**{f"{prefix}published_at__lt": self.until})
        return condition

    def as_json(self) -> dict[str, Any]:
        """JSON values, for a task's arguments and cache keys; from_json reads them back."""
        data = asdict(self)
        for name in ("since", "until"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgreementFilters:
        times = {
            name: datetime.fromisoformat(data[name]) if data.get(name) else None
            for name in ("since", "until")
        }
        return cls(outlet=data.get("outlet"), article=data.get("article"), **times)


def parse_filters(
    *,
    outlet: str | None = None,
    article: str | int | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> AgreementFilters:
    """AgreementFilters from a query string, a form or a command line: blank strings and
    None count as absent. A date (2024-05-31) stands for the midnight that starts it in the
    site's time zone, so `until` leaves that day out. Raises FilterError naming the field."""
    return AgreementFilters(
        outlet=_outlet(outlet),
        article=_article(article),
        since=_midnight("since", since),
        until=_midnight("until", until),
    )


def _outlet(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if "\x00" in value:  # no article can have it: the database refuses NUL in text
        raise FilterError("outlet", "must not contain a NUL character")
    return value


def _article(value: str | int | None) -> int | None:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise FilterError("article", f"must be an article id (a whole number), not {text!r}")
        value = int(text)
    if value is not None and value < 1:
        raise FilterError("article", f"must be an article id of 1 or more, not {value}")
    return value


def _midnight(field: str, value: str | date | None) -> datetime | None:
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise FilterError(field, f"must be a date such as 2024-05-31, not {value!r}") from None
    if value is None:
        return None
    return timezone.make_aware(datetime.combine(value, time.min))
