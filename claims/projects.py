"""Projects, their label schemes and who belongs to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from claims.models import Label, Membership, Project


@dataclass(frozen=True)
class LabelSpec:
    key: str
    name: str
    description: str
    example: str
    colour: str


# Colours from the Okabe-Ito palette, which stays distinguishable with colour blindness.
DEFAULT_SCHEME: tuple[LabelSpec, ...] = (
    LabelSpec(
        "claim",
        "Claim",
        "A checkable statement of fact, made in the article's own voice.",
        "The new military base will be the second US facility in al-Anbar.",
        "#0072B2",
    ),
    LabelSpec(
        "attribution",
        "Attribution",
        "The sentence reports what a source said or holds: a named person or organisation, "
        "an unnamed \u201csecurity source\u201d, vague \u201cexperts\u201d, or a report.",
        "This is while no security breach has occurred in the area to warrant the "
        "overflights, the source said.",
        "#E69F00",
    ),
    LabelSpec(
        "opinion",
        "Opinion",
        "Judgement, evaluation, loaded or speculative language that is not attributed to a source.",
        "The new outpost lies close to a hugely strategic area.",
        "#CC79A7",
    ),
    LabelSpec(
        "other",
        "Other",
        "Headlines, captions, boilerplate, questions: anything that is not a statement.",
        "SHARE THIS ARTICLE",
        "#999999",
    ),
)
DEFAULT_LABEL_KEYS = tuple(spec.key for spec in DEFAULT_SCHEME)
_FALLBACK_COLOURS = ("#009E73", "#56B4E9", "#D55E00", "#F0E442", "#000000")


class ProjectError(ValueError):
    """A project cannot be created as asked (duplicate slug, bad label keys)."""


def _specs_for(keys: Sequence[str]) -> list[LabelSpec]:
    known = {spec.key: spec for spec in DEFAULT_SCHEME}
    specs = []
    for index, raw in enumerate(keys):
        key = slugify(raw)
        if not key:
            raise ProjectError(f"label {raw!r} has no usable key (letters, digits, - or _)")
        colour = _FALLBACK_COLOURS[index % len(_FALLBACK_COLOURS)]
        specs.append(known.get(key) or LabelSpec(key, raw.strip().capitalize(), "", "", colour))
    if len({spec.key for spec in specs}) != len(specs):
        raise ProjectError(f"label keys repeat: {', '.join(keys)}")
    if len(specs) > 9:
        raise ProjectError("a scheme has at most 9 labels (one digit key each)")
    return specs


@transaction.atomic
def create_project(
    *,
    name: str,
    slug: str | None = None,
    labels: Sequence[str] = DEFAULT_LABEL_KEYS,
    owner: User | None = None,
    description: str = "",
) -> Project:
    """Create a project with an ordered label scheme; hotkeys are 1, 2, 3... in order.

    Labels named in the default scheme keep its definitions. Raises ProjectError for a
    taken slug, an empty or repeated label key, or more than nine labels.
    """
    slug = slugify(slug or name)
    if not slug:
        raise ProjectError(f"project name {name!r} gives no usable slug; pass one")
    if Project.objects.filter(slug=slug).exists():
        raise ProjectError(f"a project with slug {slug!r} exists already")
    specs = _specs_for(labels)
    project = Project.objects.create(
        name=name, slug=slug, description=description, guidelines=_guidelines_for(specs)
    )
    Label.objects.bulk_create(
        Label(
            project=project,
            key=spec.key,
            name=spec.name,
            description=spec.description,
            example=spec.example,
            colour=spec.colour,
            hotkey=position + 1,
            position=position,
        )
        for position, spec in enumerate(specs)
    )
    if owner is not None:
        Membership.objects.create(project=project, user=owner, role=Membership.Role.OWNER)
    return project


def _guidelines_for(specs: Sequence[LabelSpec]) -> str:
    lines = ["Label every sentence with the one label that fits best."]
    for spec in specs:
        if spec.description:
            lines.append(f"{spec.name}: {spec.description} Example: \u201c{spec.example}\u201d")
    return "\n\n".join(lines)


def may_review(*, user: User, project_id: int) -> bool:
    """Whether `user` reviews the project (see Membership.REVIEW_ROLES). By id: callers
    often hold a sentence's article, whose project would cost a query to load."""
    memberships = Membership.objects.filter(project_id=project_id, user=user)
    return memberships.filter(role__in=Membership.REVIEW_ROLES).exists()


@transaction.atomic
def add_member(*, project: Project, user: User, role: str) -> Membership:
    """Give `user` `role` in `project`, replacing any role they had."""
    membership, _ = Membership.objects.update_or_create(
        project=project, user=user, defaults={"role": role}
    )
    return membership
