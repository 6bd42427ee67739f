"""Invariants the database enforces itself, so that no path of writing can skip them:
.update() and bulk_create() bypass every form and model validation."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, connection, transaction

from claims.annotations import record_label
from claims.models import Attribution, Label

# What a SlugField's form (the admin's) accepts: ASCII letters, digits, - and _.
KEYS = ["claim", "Quote-2", "no_source", "has space", "dot.ted", "semi;colon", "café", "end\n"]


def _form_accepts(key: str) -> bool:
    try:
        validate_slug(key)
    except ValidationError:
        return False
    return True


def _database_accepts(label: Label, key: str) -> bool:
    try:
        with transaction.atomic():
            Label.objects.filter(pk=label.pk).update(key=key)
    except IntegrityError:
        return False
    return True


@pytest.mark.parametrize("key", KEYS)
def test_the_database_accepts_a_label_key_exactly_when_the_form_does(labels, key):
    assert _database_accepts(labels["claim"], key) == _form_accepts(key)


def test_bulk_create_of_a_label_with_a_bad_key_fails(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        Label.objects.bulk_create([Label(project=project, key="not a slug", name="Bad")])


def _attribution(annotation, project, **fields):
    kind = project.source_kinds.get(key="vague")
    return Attribution(
        annotation=annotation, kind=kind, **({"entity": "E1", "position": 0} | fields)
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"source_start": 3},  # one offset of two: a comparison with NULL passes a CHECK
        {"cue_end": 3},
        {"source_start": 5, "source_end": 5},
        {"entity": ""},
        {"via": 0},  # itself
    ],
)
def test_the_database_refuses_a_broken_attribution(sentence, alice, labels, project, fields):
    annotation = record_label(sentence=sentence, annotator=alice, label=labels["attribution"])
    with pytest.raises(IntegrityError), transaction.atomic():
        _attribution(annotation.annotation, project, **fields).save()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the composite foreign key is PostgreSQL's"
)
def test_postgresql_refuses_a_relay_through_an_attribution_the_revision_lacks(
    sentence, alice, labels, project
):
    annotation = record_label(sentence=sentence, annotator=alice, label=labels["attribution"])
    with pytest.raises(IntegrityError), transaction.atomic():
        _attribution(annotation.annotation, project, via=4).save()
        # The key is checked at commit (deferred, so that a list may be inserted in any
        # order); the savepoint's end does not check it, so ask for it now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
