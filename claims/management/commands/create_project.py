"""python manage.py create_project NAME [--slug S] [--labels a,b,c] [--owner USER]"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.projects import DEFAULT_LABEL_KEYS, ProjectError, create_project


class Command(BaseCommand):
    help = "Create a project with a label scheme (by default: claim, attribution, opinion, other)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--slug", help="URL name; made from NAME when omitted")
        parser.add_argument(
            "--labels",
            default=",".join(DEFAULT_LABEL_KEYS),
            help="comma-separated label keys in hotkey order (default: %(default)s)",
        )
        parser.add_argument("--owner", metavar="USER", help="username of the project's owner")

    def handle(
        self, *, name: str, slug: str | None, labels: str, owner: str | None, **options: object
    ) -> None:
        owner_user = None
        if owner is not None:
            owner_user = User.objects.filter(username=owner).first()
            if owner_user is None:
                raise CommandError(f"no user '{owner}'; create it first (createsuperuser)")
        keys = [key.strip() for key in labels.split(",")]
        try:
            project = create_project(name=name, slug=slug, labels=keys, owner=owner_user)
        except ProjectError as error:
            raise CommandError(str(error)) from error
        scheme = ", ".join(f"{label.hotkey} {label.key}" for label in project.labels.all())
        owned = f", owned by {owner_user.username}" if owner_user else ""
        self.stdout.write(
            f"Created project '{project.name}' (slug {project.slug}{owned}): {scheme}"
        )
