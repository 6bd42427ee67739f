"""People and data every test may use.

alice and bob annotate, rita reviews, owen owns the project, olga belongs to nothing.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from claims.models import Article, Label, Project, Sentence
from claims.projects import add_member, create_project


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # The default hasher is slow on purpose, and most tests create five people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _person(username: str) -> User:
    return User.objects.create_user(username, password=f"{username}-password-1")


@pytest.fixture
def alice(db) -> User:
    return _person("alice")


@pytest.fixture
def bob(db) -> User:
    return _person("bob")


@pytest.fixture
def rita(db) -> User:
    return _person("rita")


@pytest.fixture
def owen(db) -> User:
    return _person("owen")


@pytest.fixture
def olga(db) -> User:
    return _person("olga")


@pytest.fixture
def project(alice, bob, rita, owen) -> Project:
    project = create_project(name="Iraq coverage", slug="iraq", owner=owen)
    # Open to every member, so tests may open any article; blind projects, where annotators
    # open only what the queue gave them, are tested in tests/*/test_queue*.py.
    project.blind = False
    project.save(update_fields=["blind"])
    add_member(project=project, user=alice, role="annotator")
    add_member(project=project, user=bob, role="annotator")
    add_member(project=project, user=rita, role="reviewer")
    return project


@pytest.fixture
def labels(project) -> dict[str, Label]:
    return {label.key: label for label in project.labels.all()}


ARTICLE_TEXT = (
    "Drones swarm skies over Iraq\n\n"
    "Swarms of drones are flying over al-Anbar, a report says. "
    "Experts say the rise is aimed at creating insecurity.\n\n"
    "SHARE THIS ARTICLE"
)


@pytest.fixture
def article(project) -> Article:
    """A small article with hand-made sentences, independent of the segmenter."""
    article = Article.objects.create(
        project=project,
        external_id="drones",
        title="Drones swarm skies over Iraq",
        text=ARTICLE_TEXT,
        segmenter="manual",
    )
    starts = [0, 30, 88, 143]
    ends = [28, 87, 141, 161]
    Sentence.objects.bulk_create(
        Sentence(article=article, position=i, start=s, end=e)
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    )
    return article


@pytest.fixture
def sentence(article) -> Sentence:
    return article.sentences.get(position=1)
