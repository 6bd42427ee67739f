"""The demo project a new user meets: the seed article, two annotators, a reviewer, an owner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from claims.imports.articles import import_files
from claims.models import Article, Project
from claims.projects import add_member, create_project

SEED_ARTICLE = Path(__file__).resolve().parent.parent / "fixtures" / "presstv_us_base_iraq.txt"
DEMO_SLUG = "demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str


# Fixed, printed passwords: the demo runs on 127.0.0.1 only, and seed_demo refuses to run
# with DEBUG off, so these never reach a real deployment.
DEMO_ACCOUNTS = (
    DemoAccount("alice", "annotator", "alice-annotates"),
    DemoAccount("bob", "annotator", "bob-annotates"),
    DemoAccount("rita", "reviewer", "rita-reviews"),
    DemoAccount("owen", "owner", "owen-owns"),
)


@transaction.atomic
def seed_demo() -> Project:
    """Create (or bring back to shape) the demo project; safe to run any number of times.

    Existing labels are kept: running it again never touches anyone's annotations.
    """
    project = Project.objects.filter(slug=DEMO_SLUG).first()
    if project is None:
        project = create_project(
            name="Press coverage demo",
            slug=DEMO_SLUG,
            description="One Press TV news item, as scraped, to try the workflow on.",
        )
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.set_password(account.password)
        user.save()
        add_member(project=project, user=user, role=account.role)
    if not Article.objects.filter(project=project, external_id=SEED_ARTICLE.stem).exists():
        with SEED_ARTICLE.open("rb") as file:
            import_files(project=project, files=[(SEED_ARTICLE.name, file)])
    return project
