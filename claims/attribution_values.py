"""Attributions as JSON values, in the shape of the JSONL contract:

    {"source": {"start": S, "end": E, "text": T} | null, "cue": ... | null,
     "kind": "anonymous", "entity": "e2", "via": 0 | null, "embedded": false}

`text` is optional when read and checked against the article by check_attributions. What
is read here is only the shape; the rules are claims/attributions.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claims.attributions import AttributionSpec, InvalidAttribution, Span


def values_of(specs: Sequence[AttributionSpec], *, text: str | None = None) -> list[dict]:
    """`specs` as JSON values; with the article's `text`, each span carries its text."""
    return [
        {
            "source": _span_values(spec.source, text),
            "cue": _span_values(spec.cue, text),
            "kind": spec.kind,
            "entity": spec.entity,
            "via": spec.via,
            "embedded": spec.embedded,
        }
        for spec in specs
    ]


def specs_from(values: Any, *, path: str = "attributions") -> list[AttributionSpec]:
    """JSON values (already decoded) as specs; raises InvalidAttribution naming the first
    value of the wrong shape (`attributions[1].source.end: ...`)."""
    if not isinstance(values, list):
        raise InvalidAttribution(path, "must be a list")
    specs = []
    for index, value in enumerate(values):
        where = f"{path}[{index}]"
        if not isinstance(value, dict):
            raise InvalidAttribution(where, "must be an object")
        unknown = sorted(set(value) - {"source", "cue", "kind", "entity", "via", "embedded"})
        if unknown:
            raise InvalidAttribution(f"{where}.{unknown[0]}", "is not a field of an attribution")
        kind = value.get("kind")
        if not isinstance(kind, str) or not kind:
            raise InvalidAttribution(f"{where}.kind", "must be a source kind's key")
        entity = value.get("entity") or ""
        if not isinstance(entity, str):
            raise InvalidAttribution(f"{where}.entity", "must be a string")
        via = value.get("via")
        if via is not None and (not isinstance(via, int) or isinstance(via, bool)):
            raise InvalidAttribution(f"{where}.via", "must be an index or null")
        embedded = value.get("embedded", False)
        if not isinstance(embedded, bool):
            raise InvalidAttribution(f"{where}.embedded", "must be true or false")
        specs.append(
            AttributionSpec(
                kind=kind,
                source=_span(value.get("source"), f"{where}.source"),
                cue=_span(value.get("cue"), f"{where}.cue"),
                entity=entity,
                via=via,
                embedded=embedded,
            )
        )
    return specs


def _span_values(span: Span | None, text: str | None) -> dict | None:
    if span is None:
        return None
    values: dict[str, Any] = {"start": span.start, "end": span.end}
    if text is not None:
        values["text"] = text[span.start : span.end]
    return values


def _span(value: Any, path: str) -> Span | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidAttribution(path, "must be an object with start and end, or null")
    for name in ("start", "end"):
        offset = value.get(name)
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise InvalidAttribution(f"{path}.{name}", "must be an offset (an integer >= 0)")
    text = value.get("text")
    if text is not None and not isinstance(text, str):
        raise InvalidAttribution(f"{path}.text", "must be a string")
    return Span(value["start"], value["end"], text)
