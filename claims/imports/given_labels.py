"""Labels that come with imported articles (an exported dataset read back): annotators
matched by username or created, their current annotations and the gold labels restored.

claims/imports/articles.py reads an import in chunks of records inside its one transaction;
for each chunk it calls LabelImport.check before writing anything, then LabelImport.restore
once the chunk's articles and sentences are written. A LabelImport keeps what the chunks
share: the project's scheme, read once, and the accounts named so far (a few per annotator,
so its memory does not grow with the file).
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.utils import timezone

from claims.attributions import AttributionSpec, InvalidAttribution, check_attributions, row_fields
from claims.imports.bulk_rows import insert_rows, insert_rows_with_ids
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
_ANNOTATION_FIELDS = ("sentence", "annotator", "label", "is_current", "seconds", "created_at")
# created_at is left to the database's default: the time of the import's transaction.
_GOLD_FIELDS = ("sentence", "label", "method", "reviewer", "note", "is_current")
# In the order of row_fields' keys.
_ATTRIBUTION_FIELDS: tuple[str, ...] = (
    "position",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
)
_ATTRIBUTION_FIELDS += ("kind", "entity", "via", "embedded")

type Named = tuple[ArticleRecord, str, str, bool]  # record, field, username, decides gold
# The attributions of a chunk's revisions as they will be stored, in the order check met
# them (record, sentence, its annotations, then its gold), which is restore's order too.
type CheckedAttributions = list[tuple[AttributionSpec, ...]]


def has_labels(record: ArticleRecord) -> bool:
    return any(s.annotations or s.gold for s in record.sentences or ())


class LabelImport:
    """The labels of one import, checked and restored chunk by chunk; counts what it wrote."""

    def __init__(self, *, project: Project) -> None:
        self.project = project
        self.annotations = 0
        self.gold_labels = 0
        self.new_accounts: list[str] = []  # created without a usable password
        self._labels: dict[str, Label] | None = None  # read when the first labels come
        self._kind_ids: dict[str, int] = {}
        # Accounts that existed before the import, by username: their id and their role
        # in the project (None: not a member). Names not here are created by restore.
        self._accounts: dict[str, tuple[int, str | None]] = {}
        self._created: dict[str, int] = {}
        self._now = timezone.now()  # updated_at of annotations that give none, as one import

    def check(self, *, records: Sequence[ArticleRecord], existing: Set[str]) -> CheckedAttributions:
        """Raise ArticleFormatError, naming line and field, for the first label key that is
        not in the project's scheme, for labels given for an article whose id is in
        `existing` (labels are restored into new articles only), or for a name that
        belongs to someone the labels must not be put on (see _check_people). Returns
        what restore needs of the records' attributions, so they are checked once."""
        checked: CheckedAttributions = []
        labelled = [record for record in records if has_labels(record)]
        if not labelled:
            return checked  # no query for an import of plain articles
        labels, kinds = self._scheme(), set(self._kind_ids)
        self._check_people(labelled)
        for record in labelled:
            if record.external_id in existing:
                # Restoring over the article's own labels would have to merge two
                # histories of revisions; a new project takes such a file as it is.
                raise record.error(
                    f"article '{record.external_id}' exists, and labels are only restored "
                    "into new articles; import into a new project",
                    field="sentences",
                )
            for sentence in record.sentences or ():
                checked += _check_sentence(
                    record, sentence, labels=labels, kinds=kinds, slug=self.project.slug
                )
        return checked

    def restore(
        self, *, articles: Sequence[tuple[Article, ArticleRecord]], checked: CheckedAttributions
    ) -> None:
        """Write the records' annotations and gold labels as current revisions of the
        articles' sentences (already written, numbered as the records list them).

        Usernames that are not accounts become accounts with an unusable password, so they
        cannot log in until an owner sets one, and join no project (check has made sure
        the existing ones are members). Annotations keep their updated_at (the import's
        time, when none is given), seconds and attributions (`checked`: what check
        returned for the same records, in the same order).
        """
        if not articles:
            return
        users = self._user_ids(articles)
        labels = self._scheme()
        stored = iter(checked)
        sentence_ids = _sentence_ids([article.pk for article, _ in articles])
        annotations: list[tuple[object, ...]] = []
        gold: list[tuple[object, ...]] = []
        # Each revision's attributions, in the order of its row in `annotations` / `gold`.
        attributions: list[tuple[AttributionSpec, ...]] = []
        gold_attributions: list[tuple[AttributionSpec, ...]] = []
        for article, record in articles:
            for position, given in enumerate(record.sentences or ()):
                sentence_id = sentence_ids[article.pk, position]
                for a in given.annotations:
                    label = labels[a.label]
                    created_at: datetime = a.updated_at or self._now
                    annotations.append(
                        (sentence_id, users[a.annotator], label.pk, True, a.seconds, created_at)
                    )
                    attributions.append(next(stored))
                if given.gold is not None:
                    assert given.gold_method is not None  # read_sentences sets it with gold
                    label = labels[given.gold]
                    reviewer = users[given.gold_reviewer] if given.gold_reviewer else None
                    gold.append((sentence_id, label.pk, given.gold_method, reviewer, "", True))
                    gold_attributions.append(next(stored))
        assert next(stored, None) is None, "check and restore met the revisions alike"
        self._insert(Annotation, _ANNOTATION_FIELDS, annotations, Attribution, attributions)
        self._insert(GoldLabel, _GOLD_FIELDS, gold, GoldAttribution, gold_attributions)
        self.annotations += len(annotations)
        self.gold_labels += len(gold)

    def _insert(
        self,
        model: type[Annotation | GoldLabel],
        fields: Sequence[str],
        rows: Sequence[tuple[object, ...]],
        attribution_model: type[Attribution | GoldAttribution],
        specs: Sequence[tuple[AttributionSpec, ...]],
    ) -> None:
        """Revisions, then their attributions, which need the revisions' keys."""
        if not any(specs):
            insert_rows(model, fields, rows)  # no keys needed: saves taking them first
            return
        ids = insert_rows_with_ids(model, fields, rows)
        parent = "annotation" if attribution_model is Attribution else "gold"
        attribution_rows = (
            (pk, *row_fields(spec, position=i, kind_ids=self._kind_ids).values())
            for pk, revision_specs in zip(ids, specs, strict=True)
            for i, spec in enumerate(revision_specs)
        )
        insert_rows(attribution_model, (parent, *_ATTRIBUTION_FIELDS), attribution_rows)

    def _scheme(self) -> dict[str, Label]:
        if self._labels is None:
            self._labels = {label.key: label for label in self.project.labels.all()}
            self._kind_ids = dict(self.project.source_kinds.values_list("key", "pk"))
        return self._labels

    def _check_people(self, records: Sequence[ArticleRecord]) -> None:
        """Labels stay attributed to the names in the file, but an import never speaks for
        an account outside the project: a name that is an existing account must be a
        member of the project (for an adjudicated gold label, one who reviews it).
        Otherwise an owner could put labels or decisions on anyone. Unknown names become
        new accounts, which later chunks may name again."""
        named = _named(records)
        new = {name for _, _, name, _ in named} - set(self._accounts) - set(self._created)
        if new:
            found = _by_username(new)
            roles = dict(
                Membership.objects.filter(
                    project=self.project, user__in=found.values()
                ).values_list("user__username", "role")
            )
            self._accounts |= {name: (user.pk, roles.get(name)) for name, user in found.items()}
        slug = self.project.slug
        for record, field, name, decides in named:
            if name not in self._accounts:
                continue
            role = self._accounts[name][1]
            if role is None:
                problem = f"is {name!r}, an account that is not a member of project '{slug}'"
                raise record.error(f"field '{field}' {problem}; add them first", field=field)
            if decides and role not in Membership.REVIEW_ROLES:
                problem = f"is {name!r}, who does not review project '{slug}'"
                raise record.error(f"field '{field}' {problem}", field=field)

    def _user_ids(self, articles: Sequence[tuple[Article, ArticleRecord]]) -> dict[str, int]:
        """Ids of the accounts the records name; creates those that do not exist."""
        names = {name for _, _, name, _ in _named([record for _, record in articles])}
        missing = sorted(names - set(self._accounts) - set(self._created))
        # make_password(None) is an unusable password: the account exists for its labels,
        # and logs in only after an owner sets a password (admin, manage.py changepassword).
        created = User.objects.bulk_create(
            User(username=name, password=make_password(None)) for name in missing
        )
        self._created |= {user.username: user.pk for user in created}  # keys returned
        self.new_accounts += missing
        return {name: pk for name, (pk, _) in self._accounts.items()} | self._created


def _named(records: Sequence[ArticleRecord]) -> list[Named]:
    return [
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


def _check_sentence(
    record: ArticleRecord,
    sentence: SentenceRecord,
    *,
    labels: dict[str, Label],
    kinds: Set[str],
    slug: str,
) -> CheckedAttributions:
    """The sentence's attributions as they will be stored: its annotations', then its
    gold's, if it has gold."""
    given = [(f"{a.field}.label", a.label) for a in sentence.annotations]
    given += [(f"{sentence.field}.gold", sentence.gold)] if sentence.gold else []
    for field, key in given:
        if key not in labels:
            scheme = ", ".join(sorted(labels))
            problem = f"is {key!r}, which is not a label of project '{slug}'"
            raise record.error(f"field '{field}' {problem} ({scheme})", field=field)
    lists = [(a.field, a.label, a.attributions, "attributions") for a in sentence.annotations]
    if sentence.gold:
        given_gold = (sentence.field, sentence.gold, sentence.gold_attributions)
        lists.append((*given_gold, "gold_attributions"))
    checked: CheckedAttributions = []
    for where, key, specs, name in lists:
        try:
            checked.append(_checked(specs, record, sentence, labels[key], kinds, f"{where}.{name}"))
        except InvalidAttribution as error:
            message = error.message
            if error.path.endswith(".kind"):
                message += f" ({', '.join(sorted(kinds))})"
            raise record.error(f"field '{error.path}' {message}", field=error.path) from None
    return checked


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
    if not specs:
        return ()  # most revisions: none, which every rule allows
    return check_attributions(
        specs, text=record.text, kinds=kinds, label=label, sentence_start=sentence.start, path=path
    )


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
