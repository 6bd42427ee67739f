from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.demo import DEMO_ACCOUNTS, seed_demo


class Command(BaseCommand):
    help = "Create the demo project with the seed article and print the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *, force: bool, **options: object) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with known passwords; DEBUG is off")
        project = seed_demo()
        sentences = sum(article.sentences.count() for article in project.articles.all())
        self.stdout.write(f"Demo project '{project.slug}': {sentences} sentences to label.")
        self.stdout.write("Log in at http://127.0.0.1:8000/ as:")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<6} {account.role:<10} {account.password}")
