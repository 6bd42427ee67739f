"""Projects, their label schemes and who belongs to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from claims.models import GuidelineVersion, Label, Membership, Project, SourceKind


@dataclass(frozen=True)
class LabelSpec:
    key: str
    name: str
    description: str
    example: str
    colour: str
    role: str = ""  # a Label.Role value, or "" for none


# Colours from the Okabe-Ito palette, which stays distinguishable with colour blindness.
DEFAULT_SCHEME: tuple[LabelSpec, ...] = (
    LabelSpec(
        "claim",
        "Claim",
        "A checkable statement of fact, made in the article's own voice.",
        "The new military base will be the second US facility in al-Anbar.",
        "#0072B2",
        Label.Role.CLAIM,
    ),
    LabelSpec(
        "attribution",
        "Attribution",
        "The sentence reports what a source said or holds: a named person or organisation, "
        "an unnamed \u201csecurity source\u201d, vague \u201cexperts\u201d, or a report.",
        "This is while no security breach has occurred in the area to warrant the "
        "overflights, the source said.",
        "#E69F00",
        Label.Role.ATTRIBUTION,
    ),
    LabelSpec(
        "opinion",
        "Opinion",
        "Judgement, evaluation, loaded or speculative language that is not attributed to a source.",
        "The new outpost lies close to a hugely strategic area.",
        "#CC79A7",
        Label.Role.OPINION,
    ),
    LabelSpec(
        "other",
        "Other",
        "Headlines, captions, boilerplate, questions: anything that is not a statement.",
        "SHARE THIS ARTICLE",
        "#999999",
        Label.Role.NON_BODY,
    ),
)
DEFAULT_LABEL_KEYS = tuple(spec.key for spec in DEFAULT_SCHEME)


@dataclass(frozen=True)
class KindSpec:
    key: str
    name: str
    source_class: str  # a SourceKind.SourceClass value
    media: bool
    hotkey: str
    colour: str
    description: str
    example: str


_IDENTIFIED = SourceKind.SourceClass.IDENTIFIED
# The codebook every new project starts with, after how journalism studies code sources
# (Project for Excellence in Journalism, Pew) and attribution corpora (PARC 3.0, PolNeAR).
# Examples quote the demo's seed article where it has one of the kind; the others are
# made up to illustrate. Letters avoid the keys source mode keeps.
DEFAULT_SOURCE_KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        "named_official",
        "Named official or spokesperson",
        _IDENTIFIED,
        False,
        "o",
        "#0072B2",
        "A named person speaking for an institution: a minister, an officer, a spokesperson, "
        "a member of parliament.",
        "Major-General Yahya Rasool, spokesman for the commander-in-chief of the Armed "
        "Forces, said ...",
    ),
    KindSpec(
        "named_individual",
        "Named individual",
        _IDENTIFIED,
        False,
        "i",
        "#56B4E9",
        "A named person speaking for themselves: an expert, a witness, a citizen.",
        "\u201cWe heard the drones all night,\u201d said Ahmed Salih, a farmer in al-Qa\u2019im.",
    ),
    KindSpec(
        "named_organization",
        "Named organization",
        _IDENTIFIED,
        False,
        "g",
        "#009E73",
        "An institution speaking collectively, without a person named: a government, a "
        "ministry, an army, a company.",
        "... despite Baghdad having announced the defeat of the Takfiri terrorist group in 2017.",
    ),
    KindSpec(
        "document",
        "Identifiable document or data",
        _IDENTIFIED,
        False,
        "d",
        "#44AA99",
        "A report, filing, law, poll, dataset or post that a reader could find.",
        "A 2019 Pentagon report to Congress put the number of troops at 5,200.",
    ),
    KindSpec(
        "news_media",
        "Other news outlet",
        _IDENTIFIED,
        True,
        "m",
        "#CC79A7",
        "A named outlet, agency or journalist other than the publisher.",
        "Iraq\u2019s al-Maloumah news agency cited ...",
    ),
    KindSpec(
        "outlet_self",
        "The outlet itself",
        _IDENTIFIED,
        False,
        "p",
        "#882255",
        "The publisher or its own reporter as the source.",
        "Our correspondent in al-Anbar saw two convoys cross the border.",
    ),
    KindSpec(
        "anonymous",
        "Anonymous source",
        SourceKind.SourceClass.ANONYMOUS,
        False,
        "a",
        "#D55E00",
        "A specific source whose identity is withheld.",
        "... cited an unnamed security source on Monday as saying ...",
    ),
    KindSpec(
        "vague",
        "Vague attribution",
        SourceKind.SourceClass.VAGUE,
        False,
        "w",
        "#E69F00",
        "No identifiable source: a group, unnamed reports, hedges such as \u201creportedly\u201d; "
        "an unnamed set of outlets counts here, not as a news outlet.",
        "Experts say the rise in terrorist activities is apparently aimed at ...",
    ),
    KindSpec(
        "other",
        "Other",
        SourceKind.SourceClass.OTHER,
        False,
        "x",
        "#777777",
        "None of the above; say why in a note.",
        "",
    ),
)

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
    guidelines = _guidelines_for(specs)
    project = Project.objects.create(
        name=name, slug=slug, description=description, guidelines=guidelines
    )
    GuidelineVersion.objects.create(project=project, number=1, text=guidelines, created_by=owner)
    Label.objects.bulk_create(
        Label(
            project=project,
            key=spec.key,
            name=spec.name,
            description=spec.description,
            example=spec.example,
            colour=spec.colour,
            role=spec.role,
            hotkey=position + 1,
            position=position,
        )
        for position, spec in enumerate(specs)
    )
    add_default_source_kinds(project=project)
    if owner is not None:
        Membership.objects.create(project=project, user=owner, role=Membership.Role.OWNER)
    return project


def add_default_source_kinds(*, project: Project) -> list[SourceKind]:
    """Give `project` the default source kinds (DEFAULT_SOURCE_KINDS), in order."""
    return SourceKind.objects.bulk_create(
        SourceKind(
            project=project,
            key=spec.key,
            name=spec.name,
            source_class=spec.source_class,
            media=spec.media,
            hotkey=spec.hotkey,
            colour=spec.colour,
            description=spec.description,
            example=spec.example,
            position=position,
        )
        for position, spec in enumerate(DEFAULT_SOURCE_KINDS)
    )


@transaction.atomic
def set_guidelines(*, project: Project, text: str, by: User | None) -> GuidelineVersion | None:
    """Make `text` the project's guidelines as a new version, which every label saved from
    now on records. The same text again changes nothing (None)."""
    # The project's row lock orders two owners saving at once: each version number once.
    locked = Project.objects.select_for_update().order_by().get(pk=project.pk)
    if locked.guidelines == text:
        return None
    number = locked.guideline_version + 1
    version = GuidelineVersion.objects.create(
        project=project, number=number, text=text, created_by=by
    )
    Project.objects.filter(pk=project.pk).update(guidelines=text, guideline_version=number)
    project.guidelines, project.guideline_version = text, number
    return version


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
