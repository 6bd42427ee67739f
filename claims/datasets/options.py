"""What a dataset export includes, as the doors receive it: options, their parsing from
form, query and command-line strings, and the error that names a bad one."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

_TRUE, _FALSE = {"1", "true", "on", "yes"}, {"", "0", "false", "off", "no"}


class DatasetError(ValueError):
    """A dataset cannot be exported as asked: unknown format, Parquet without pyarrow,
    or bad options. The message names the option and is fit to show to the user."""


@dataclass(frozen=True)
class ExportOptions:
    """What goes into a dataset; the defaults export everything.

    `since` and `until` are timezone-aware and bound the annotations' updated_at as a
    half-open range [since, until). Raises DatasetError for values out of range.
    """

    gold_only: bool = False
    min_annotations: int = 0
    annotator: str | None = None  # username
    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        count = self.min_annotations
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise DatasetError(f"min_annotations must be a whole number >= 0, not {count!r}")
        if self.annotator is not None and not (
            isinstance(self.annotator, str)
            and self.annotator.strip()
            and "\x00" not in self.annotator  # no username has it; the database refuses it
        ):
            raise DatasetError("annotator must be a username")
        for name in ("since", "until"):
            moment = getattr(self, name)
            if moment is not None and (
                not isinstance(moment, datetime) or timezone.is_naive(moment)
            ):
                raise DatasetError(f"{name} must be a date and time with a time zone")
        if self.since and self.until and self.since >= self.until:
            raise DatasetError("since must be before until")

    def describe(self) -> dict[str, object]:
        """The options as JSON values (times in ISO 8601), for dataset_info."""
        values = asdict(self)
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def parse_options(
    *,
    gold_only: bool | str = False,
    min_annotations: int | str = 0,
    annotator: str | None = None,
    since: datetime | str | None = None,
    until: datetime | str | None = None,
) -> ExportOptions:
    """ExportOptions from what a door received: strings from a form, query or command
    line are parsed, blank strings count as absent. A date alone (2024-05-31) is midnight
    in the site's time zone for `since`, and for `until` the midnight after, so the day
    is included. Raises DatasetError naming the option."""
    if isinstance(gold_only, str):
        if gold_only.strip().lower() not in _TRUE | _FALSE:
            raise DatasetError(f"gold_only must be true or false, not {gold_only!r}")
        gold_only = gold_only.strip().lower() in _TRUE
    if isinstance(min_annotations, str):
        text = min_annotations.strip() or "0"
        if not (text.isascii() and text.isdigit()):
            raise DatasetError(f"min_annotations must be a whole number >= 0, not {text!r}")
        min_annotations = int(text)
    return ExportOptions(
        gold_only=gold_only,
        min_annotations=min_annotations,
        annotator=(annotator or "").strip() or None,
        since=_moment(since, name="since", is_end=False),
        until=_moment(until, name="until", is_end=True),
    )


def _moment(value: datetime | str | None, *, name: str, is_end: bool) -> datetime | None:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    try:
        moment = datetime.fromisoformat(text) if day is None else datetime.combine(day, time())
    except ValueError:
        raise DatasetError(
            f"{name} must be a date (2024-05-31) or an ISO 8601 time, not {text!r}"
        ) from None
    if day is not None and is_end:  # a date alone: the whole day is included
        moment += timedelta(days=1)
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows.
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise DatasetError(f"{name} is out of range: {text!r}") from None
