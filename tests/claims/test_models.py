"""Invariants the database enforces itself, so that no path of writing can skip them:
.update() and bulk_create() bypass every form and model validation."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction

from claims.models import Label

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
