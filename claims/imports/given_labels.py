"""Labels that come with imported articles (an exported dataset read back): annotators
matched by username or created, their current annotations and the gold labels restored.

Called by claims/imports/articles.py inside its import transaction, after the articles and their
sentences are written; check_labels runs before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.utils import timezone

from claims.attributions import AttributionSpec, InvalidAttribution, check_attributions, row_fields
from claims.imports.given_sentences import SentenceRecord
from claims.imports.records import ArticleRecord
from claims.models import (
    Annotation,
    Article,
    Attribution,
    GoldAttribution,
    GoldLabel,
    Label,
    Membership,
    Project,
    Sentence,
)

_LOOKUP_CHUNK = 500  # ids per IN (...): SQLite caps the parameters of a statement
_BATCH = 5000


@dataclass(frozen=True, slots=True)
class RestoredLabels:
    annotations: int
    gold_labels: int
    new_accounts: tuple[str, ...]  # usernames created, without a usable password


def has_labels(record: ArticleRecord) -> bool:
    return any(s.annotations or s.gold for s in record.sentences or ())


def check_labels(*, project: Project, records: Sequence[ArticleRecord], existing: Set[str]) -> None:
    """Raise ArticleFormatError, naming line and field, for the first label key that is
    not in `project`'s scheme, for labels given for an article whose id is in `existing`
    (labels are restored into new articles only), or for a name that belongs to someone
    the labels must not be put on (see _check_people)."""
    labels = {label.key: label for label in project.labels.all()}
    keys = set(labels)
    kinds = set(project.source_kinds.values_list("key", flat=True))
    _check_people(project=project, records=records)
    for record in records:
        if record.external_id in existing and has_labels(record):
            # Restoring over the article's own labels would have to merge two histories
            # of revisions; a new project takes such a file as it is.
            raise record.error(
                f"article '{record.external_id}' exists, and labels are only restored "
                "into new articles; import into a new project",
                field="sentences",
            )
        for sentence in record.sentences or ():
            given = [(f"{a.field}.label", a.label) for a in sentence.annotations]
            given += [(f"{sentence.field}.gold", sentence.gold)] if sentence.gold else []
            for field, key in given:
                if key not in keys:
                    scheme = ", ".join(sorted(keys))
                    problem = f"is {key!r}, which is not a label of project '{project.slug}'"
                    raise record.error(f"field '{field}' {problem} ({scheme})", field=field)
            lists = [
                (a.field, a.label, a.attributions, "attributions") for a in sentence.annotations
            ]
            if sentence.gold:
                given_gold = (sentence.field, sentence.gold, sentence.gold_attributions)
                lists.append((*given_gold, "gold_attributions"))
            for where, key, specs, name in lists:
                try:
                    _checked(specs, record, sentence, labels[key], kinds, f"{where}.{name}")
                except InvalidAttribution as error:
                    message = error.message
                    if error.path.endswith(".kind"):
                        message += f" ({', '.join(sorted(kinds))})"
                    raise record.error(
                        f"field '{error.path}' {message}", field=error.path
                    ) from None


def _checked(
    specs: Sequence[AttributionSpec],
    record: ArticleRecord,
    sentence: SentenceRecord,
    label: Label,
    kinds: Set[str],
    path: str,
) -> tuple[AttributionSpec, ...]:
    """The attributions as they will be stored (entities filled in), by the rules every
    door shares (claims.attributions)."""
    return check_attributions(
        specs, text=record.text, kinds=kinds, label=label, sentence_start=sentence.start, path=path
    )


def _check_people(*, project: Project, records: Sequence[ArticleRecord]) -> None:
    """Labels stay attributed to the names in the file, but an import never speaks for an
    account outside the project: a name that is an existing account must be a member of
    the project (for an adjudicated gold label, one who reviews it). Otherwise an owner
    could put labels or decisions on anyone. Unknown names become new accounts."""
    named = [
        (record, f"{a.field}.annotator", a.annotator, False)
        for record in records
        for s in record.sentences or ()
        for a in s.annotations
    ] + [
        (record, f"{s.field}.gold_reviewer", s.gold_reviewer, True)
        for record in records
        for s in record.sentences or ()
        if s.gold_reviewer
    ]
    accounts = set(_by_username({name for _, _, name, _ in named}))
    roles = dict(
        Membership.objects.filter(project=project, user__username__in=accounts).values_list(
            "user__username", "role"
        )
    )
    for record, field, name, decides in named:
        if name not in accounts:
            continue
        if name not in roles:
            problem = f"is {name!r}, an account that is not a member of project '{project.slug}'"
            raise record.error(f"field '{field}' {problem}; add them first", field=field)
        if decides and roles[name] not in Membership.REVIEW_ROLES:
            problem = f"is {name!r}, who does not review project '{project.slug}'"
            raise record.error(f"field '{field}' {problem}", field=field)


def restore_labels(
    *, project: Project, articles: Sequence[tuple[Article, ArticleRecord]]
) -> RestoredLabels:
    """Write the records' annotations and gold labels as current revisions of the
    articles' sentences (already written, numbered as the records list them).

    Usernames that do not exist become accounts with an unusable password, so they cannot
    log in until an owner sets one, and join no project (check_labels has made sure the
    existing ones are members). Annotations keep their updated_at (now, when none is
    given), seconds and attributions.
    """
    annotators = {
        a.annotator for _, r in articles for s in r.sentences or () for a in s.annotations
    }
    reviewers = {s.gold_reviewer for _, r in articles for s in r.sentences or () if s.gold_reviewer}
    users, new_accounts = _users(annotators | reviewers)
    labels = {label.key: label for label in project.labels.all()}
    kind_ids = dict(project.source_kinds.values_list("key", "pk"))
    kinds = set(kind_ids)
    sentence_ids = _sentence_ids([article.pk for article, _ in articles])
    now = timezone.now()
    annotations: list[Annotation] = []
    gold: list[GoldLabel] = []
    # Each revision's attributions, in the order its row is in `annotations` / `gold`.
    attributions: list[tuple[AttributionSpec, ...]] = []
    gold_attributions: list[tuple[AttributionSpec, ...]] = []
    for article, record in articles:
        for position, given in enumerate(record.sentences or ()):
            sentence_id = sentence_ids[article.pk, position]
            annotations += [
                Annotation(
                    sentence_id=sentence_id,
                    annotator=users[a.annotator],
                    label=labels[a.label],
                    seconds=a.seconds,
                    created_at=a.updated_at or now,
                )
                for a in given.annotations
            ]
            attributions += [
                _checked(a.attributions, record, given, labels[a.label], kinds, "attributions")
                for a in given.annotations
            ]
            if given.gold is not None:
                assert given.gold_method is not None  # read_sentences sets it whenever gold is
                reviewer = users[given.gold_reviewer] if given.gold_reviewer else None
                gold.append(
                    GoldLabel(
                        sentence_id=sentence_id,
                        label=labels[given.gold],
                        method=given.gold_method,
                        reviewer=reviewer,
                    )
                )
                gold_attributions.append(
                    _checked(
                        given.gold_attributions, record, given, labels[given.gold], kinds, "gold"
                    )
                )
    # bulk_create sets the primary keys (PostgreSQL and SQLite return them), which the
    # attribution rows need.
    Annotation.objects.bulk_create(annotations, batch_size=_BATCH)
    GoldLabel.objects.bulk_create(gold, batch_size=_BATCH)
    Attribution.objects.bulk_create(
        (
            Attribution(annotation=annotation, **row_fields(spec, position=i, kind_ids=kind_ids))
            for annotation, specs in zip(annotations, attributions, strict=True)
            for i, spec in enumerate(specs)
        ),
        batch_size=_BATCH,
    )
    GoldAttribution.objects.bulk_create(
        (
            GoldAttribution(gold=revision, **row_fields(spec, position=i, kind_ids=kind_ids))
            for revision, specs in zip(gold, gold_attributions, strict=True)
            for i, spec in enumerate(specs)
        ),
        batch_size=_BATCH,
    )
    return RestoredLabels(len(annotations), len(gold), new_accounts)


def _users(usernames: set[str]) -> tuple[dict[str, User], tuple[str, ...]]:
    found = _by_username(usernames)
    missing = sorted(usernames - set(found))
    # make_password(None) is an unusable password: the account exists for its labels, and
    # logs in only after an owner sets a password (admin, or manage.py changepassword).
    User.objects.bulk_create(User(username=name, password=make_password(None)) for name in missing)
    return found | _by_username(set(missing)), tuple(missing)


def _by_username(usernames: set[str]) -> dict[str, User]:
    names = sorted(usernames)
    return {
        user.username: user
        for start in range(0, len(names), _LOOKUP_CHUNK)
        for user in User.objects.filter(username__in=names[start : start + _LOOKUP_CHUNK])
    }


def _sentence_ids(article_ids: Sequence[int]) -> dict[tuple[int, int], int]:
    return {
        (article_id, position): pk
        for start in range(0, len(article_ids), _LOOKUP_CHUNK)
        for article_id, position, pk in Sentence.objects.filter(
            article_id__in=article_ids[start : start + _LOOKUP_CHUNK]
        ).values_list("article_id", "position", "pk")
    }
