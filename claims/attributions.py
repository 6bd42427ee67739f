"""Attributions: who a sentence rests on.

An annotator's revision of a sentence (and a gold revision) carries zero or more
attributions. Each names its source (a span of the article, or none), optionally the cue
("said", "according to"), the kind of source (a row of the project's scheme), an entity id
linking mentions of one source within the article, `via`, the attribution of the same
sentence that relayed it, and whether it is embedded in a subordinate clause of a sentence
whose main clause is not attributed.

Attributions belong to their revision: a change of any of them is a new revision, and
revisions are never edited (see claims/annotations.py). Here are the rules they obey, as
plain values the doors, imports and exports share.

**The originating attribution** of a sentence is a non-embedded attribution that no other
attribution of the sentence names as `via`: the source the claim comes from, not the one
that passed it on ("al-Maloumah cited an unnamed security source": the security source).
A sentence with several counts each with weight 1/n; a sentence with none (only embedded
attributions, or none at all) has no source kind.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from claims.models import Annotation, AttributionFields, GoldLabel, Label, SourceKind

# More than anyone marks in one sentence; a bound so that one request stays small.
MAX_ATTRIBUTIONS = 20
MAX_ENTITY_CHARS = AttributionFields._meta.get_field("entity").max_length or 100


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open offsets into the article's text. `text`, when a client sends it, must
    equal the text there (a check on the client's offsets); it is not stored."""

    start: int
    end: int
    text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class AttributionSpec:
    """One attribution as plain values: what doors receive and revisions compare."""

    kind: str  # a source kind key of the project
    source: Span | None = None
    cue: Span | None = None
    # "" asks for the mention's own entity (see default_entity); the doors send the id of
    # an earlier mention to link this one to it.
    entity: str = ""
    via: int | None = None  # index of another attribution in the same list
    embedded: bool = False


class InvalidAttribution(ValueError):
    """An attribution that breaks a rule. `path` names it as the JSON contract does
    (`attributions[1].via`), so a door can say where."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def default_entity(spec: AttributionSpec, *, sentence_start: int, index: int) -> str:
    """The entity of a mention that was not linked to another: named after where its
    source is (or, without one, its sentence and place in the list), so that the same
    request sent twice names the same entity and is recognised as a repeat."""
    if spec.source is not None:
        return f"m{spec.source.start}"
    return f"m{sentence_start}.{index}"


def check_attributions(
    specs: Sequence[AttributionSpec],
    *,
    text: str,
    kinds: Iterable[str],
    label: Label | None,
    sentence_start: int,
    path: str = "attributions",
    hidden: Collection[str] = (),
) -> tuple[AttributionSpec, ...]:
    """`specs` as they will be stored, entities filled in; raises InvalidAttribution for
    the first rule broken: a kind outside `kinds` (the project's keys) or in `hidden`
    (kinds hidden from new work), a span that is not
    one of `text`, an entity too long, `via` pointing outside the list, at itself or round
    in a circle; attributions on a cleared sentence, or not embedded under a label whose
    role says the sentence is not an attribution."""
    if len(specs) > MAX_ATTRIBUTIONS:
        raise InvalidAttribution(path, f"at most {MAX_ATTRIBUTIONS} attributions per sentence")
    if specs and label is None:
        raise InvalidAttribution(path, "a cleared sentence has no attributions; give a label")
    known = set(kinds)
    checked = []
    for index, spec in enumerate(specs):
        where = f"{path}[{index}]"
        if spec.kind not in known:
            raise InvalidAttribution(
                f"{where}.kind", f"{spec.kind!r} is not a source kind of this project"
            )
        if spec.kind in hidden:
            raise InvalidAttribution(
                f"{where}.kind", f"{spec.kind!r} is hidden from new work; choose another kind"
            )
        for name, span in (("source", spec.source), ("cue", spec.cue)):
            if span is not None and not 0 <= span.start < span.end <= len(text):
                raise InvalidAttribution(
                    f"{where}.{name}",
                    f"[{span.start}, {span.end}) is not a span of the article, whose text has "
                    f"{len(text):,} characters (0 <= start < end <= {len(text):,})",
                )
            if span is not None and span.text is not None:
                found = text[span.start : span.end]
                if span.text != found:
                    raise InvalidAttribution(
                        f"{where}.{name}.text",
                        f"{span.text!r} is not the article's text at [{span.start}, "
                        f"{span.end}), which reads {found!r}",
                    )
        if len(spec.entity) > MAX_ENTITY_CHARS or "\x00" in spec.entity:
            raise InvalidAttribution(
                f"{where}.entity", f"at most {MAX_ENTITY_CHARS} characters, no NUL"
            )
        if spec.via is not None and not 0 <= spec.via < len(specs):
            raise InvalidAttribution(
                f"{where}.via", f"{spec.via} is not the index of an attribution in the list"
            )
        if spec.via == index:
            raise InvalidAttribution(f"{where}.via", "points to itself")
        role = label.role if label is not None else ""
        if not spec.embedded and role not in ("", Label.Role.ATTRIBUTION):
            raise InvalidAttribution(
                f"{where}.embedded",
                f"a sentence labelled {label.key if label else ''!r} is not an attribution: "
                "its attributions are embedded ones",
            )
        if spec.entity:
            checked.append(spec)  # as given: a dataclass copy costs more than the checks
        else:
            entity = default_entity(spec, sentence_start=sentence_start, index=index)
            checked.append(replace(spec, entity=entity))
    for index in range(len(specs)):
        _check_no_circle(specs, index, path)
    return tuple(checked)


def _check_no_circle(specs: Sequence[AttributionSpec], start: int, path: str) -> None:
    seen = {start}
    step = specs[start].via
    while step is not None:
        if step in seen:
            raise InvalidAttribution(f"{path}[{start}].via", "relays round in a circle")
        seen.add(step)
        step = specs[step].via


def fitting(
    specs: Sequence[AttributionSpec], *, label: Label | None
) -> tuple[AttributionSpec, ...]:
    """The attributions of `specs` that stay valid when the sentence's label becomes
    `label`: a label change alone keeps the sources marked (a cleared sentence keeps none;
    a label whose role is not attribution keeps the embedded ones). `via` links to a
    dropped attribution are dropped with it."""
    if label is None:
        return ()
    if label.role in ("", Label.Role.ATTRIBUTION):
        return tuple(specs)
    kept = [index for index, spec in enumerate(specs) if spec.embedded]
    new_index: dict[int | None, int] = {old: new for new, old in enumerate(kept)}
    return tuple(replace(specs[old], via=new_index.get(specs[old].via)) for old in kept)


def originating(specs: Sequence[AttributionSpec]) -> list[AttributionSpec]:
    """The sentence's originating attributions (see the module's docstring)."""
    relays = {spec.via for spec in specs if spec.via is not None}
    return [spec for index, spec in enumerate(specs) if not spec.embedded and index not in relays]


def originating_kinds(specs: Sequence[AttributionSpec]) -> tuple[str, ...]:
    """The kinds of the originating attributions, sorted: what two annotators must share
    for their attributions of a sentence to agree (each kind weighs 1/n of the sentence)."""
    return tuple(sorted(spec.kind for spec in originating(specs)))


def specs_of(
    rows: Iterable[AttributionFields], *, kind_keys: Mapping[int, str]
) -> tuple[AttributionSpec, ...]:
    """Stored attribution rows (one revision's, in any order) as specs, in position order."""
    return tuple(
        AttributionSpec(
            kind=kind_keys[row.kind_id],
            source=_span(row.source_start, row.source_end),
            cue=_span(row.cue_start, row.cue_end),
            entity=row.entity,
            via=row.via,
            embedded=row.embedded,
        )
        for row in sorted(rows, key=lambda row: row.position)
    )


def row_fields(
    spec: AttributionSpec, *, position: int, kind_ids: Mapping[str, int]
) -> dict[str, object]:
    """The model fields of one attribution row (Attribution or GoldAttribution), but its
    parent."""
    return {
        "position": position,
        "source_start": spec.source.start if spec.source else None,
        "source_end": spec.source.end if spec.source else None,
        "cue_start": spec.cue.start if spec.cue else None,
        "cue_end": spec.cue.end if spec.cue else None,
        "kind_id": kind_ids[spec.kind],
        "entity": spec.entity,
        "via": spec.via,
        "embedded": spec.embedded,
    }


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span(start, end)


# Reading what is stored.


def kind_ids_of(*, project_id: int) -> dict[str, int]:
    """The project's source kinds: key to primary key."""
    return dict(SourceKind.objects.filter(project_id=project_id).values_list("key", "pk"))


def current_attributions(
    revision: Annotation | GoldLabel | None,
) -> tuple[tuple[AttributionSpec, ...], dict[str, int]]:
    """A revision's attributions (an annotation's or a gold label's), and the key to
    primary key of the kinds they use."""
    if revision is None:
        return (), {}
    rows: list[AttributionFields] = list(revision.attributions.select_related("kind"))
    kinds = {row.kind.key: row.kind_id for row in rows}
    return specs_of(rows, kind_keys={pk: key for key, pk in kinds.items()}), kinds
