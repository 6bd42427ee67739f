"""python manage.py api_token USER [--rotate]"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.tokens import rotate_token, token_for


class Command(BaseCommand):
    help = (
        "Print a user's REST API token, creating it if needed; with --rotate, replace it. "
        "The token is the last word of the output, for scripts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="replace the token; the old one stops working"
        )

    def handle(self, *, username: str, rotate: bool, **options: object) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user '{username}'")
        token = rotate_token(user=user) if rotate else token_for(user=user)
        what = "New API token" if rotate else "API token"
        note = " (the old one no longer works)" if rotate else ""
        self.stdout.write(f"{what} for {username}{note}: {token.key}")
