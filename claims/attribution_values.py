"""Attributions as JSON values, in the shape of the JSONL contract:

    {"source": {"start": S, "end": E, "text": T} | null, "cue": ... | null,
     "kind": "anonymous", "entity": "e2", "via": 0 | null, "embedded": false}

`text` is optional when read and checked against the article by check_attributions. What
is read here is only the shape; the rules are claims/attributions.py's. specs_from is the
one reader of this shape for the annotate page and imports; the API reads it with its
serializers, which also document it in the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claims.attributions import AttributionSpec, InvalidAttribution, Span
from claims.imports.errors import describe_json_type

_ATTRIBUTION_KEYS = ("source", "cue", "kind", "entity", "via", "embedded")
_SPAN_KEYS = ("start", "end", "text")


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


def specs_from(
    values: Any, *, path: str = "attributions", text: str | None = None
) -> list[AttributionSpec]:
    """JSON values (already decoded) as specs: the one reader of the shape, for the pages
    and imports. Raises InvalidAttribution naming the first value of the wrong shape by its
    full path (`attributions[1].source.end: is 3; it must be greater than start (5)`).

    Given the article's `text`, each span is checked against it here too, so that a reader
    that has no project yet (an import) names the exact field; check_attributions checks it
    again, with the rules, for every door."""
    if not isinstance(values, list):
        raise InvalidAttribution(path, f"must be an array, not {describe_json_type(values)}")
    specs = []
    for index, value in enumerate(values):
        where = f"{path}[{index}]"
        fields = _object(value, where, _ATTRIBUTION_KEYS)
        kind = fields.get("kind")
        if kind is None:
            raise InvalidAttribution(f"{where}.kind", "is missing")
        if not isinstance(kind, str):
            problem = f"must be a string, not {describe_json_type(kind)}"
            raise InvalidAttribution(f"{where}.kind", problem)
        if not kind.strip():
            raise InvalidAttribution(f"{where}.kind", "is empty")
        entity = fields.get("entity")
        if entity is not None and not isinstance(entity, str):
            problem = f"must be a string, not {describe_json_type(entity)}"
            raise InvalidAttribution(f"{where}.entity", problem)
        via = fields.get("via")
        embedded = fields.get("embedded", False)
        if not isinstance(embedded, bool):
            problem = f"must be true or false, not {embedded!r:.40}"
            raise InvalidAttribution(f"{where}.embedded", problem)
        specs.append(
            AttributionSpec(
                kind=kind,
                source=_span(fields.get("source"), f"{where}.source", text),
                cue=_span(fields.get("cue"), f"{where}.cue", text),
                entity=entity or "",
                via=None if via is None else _whole_number(via, f"{where}.via"),
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


def _span(value: Any, path: str, text: str | None) -> Span | None:
    if value is None:
        return None
    fields = _object(value, path, _SPAN_KEYS, null="or null")
    start = _whole_number(fields.get("start"), f"{path}.start")
    end = _whole_number(fields.get("end"), f"{path}.end")
    if end <= start:
        raise InvalidAttribution(
            f"{path}.end", f"is {end}; it must be greater than start ({start})"
        )
    given = fields.get("text")
    if given is not None and not isinstance(given, str):
        problem = f"must be a string, not {describe_json_type(given)}"
        raise InvalidAttribution(f"{path}.text", problem)
    if text is not None and end > len(text):
        raise InvalidAttribution(
            f"{path}.end", f"is {end}, past the end of the text ({len(text):,})"
        )
    if text is not None and given is not None and given != text[start:end]:
        found = text[start:end]
        shown = found if len(found) <= 40 else found[:39] + "\u2026"
        problem = f"differs from the text at [{start}:{end}], {shown!r}"
        raise InvalidAttribution(f"{path}.text", problem)
    return Span(start, end, given)


def _object(value: Any, path: str, known: tuple[str, ...], *, null: str = "") -> dict:
    if not isinstance(value, dict):
        problem = " ".join(filter(None, ["must be an object", null]))
        raise InvalidAttribution(path, f"{problem}, not {describe_json_type(value)}")
    for key in value:
        if key not in known:
            raise InvalidAttribution(
                f"{path}.{key}", f"is not known here; known: {', '.join(known)}"
            )
    return value


def _whole_number(value: Any, path: str) -> int:
    if value is None:
        raise InvalidAttribution(path, "is missing")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problem = f"must be a whole number >= 0, not {value!r:.40}"
        raise InvalidAttribution(path, problem)
    return value
