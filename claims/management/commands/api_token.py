"""python manage.py api_token USER [--rotate]"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.tokens import TokenExists, create_token, rotate_token


class Command(BaseCommand):
    help = (
        "Make a user's REST API token and print it, this once; with --rotate, replace it. "
        "The token is the last word of the output, for scripts. Tokens are stored hashed, "
        "so an existing one cannot be printed again: replace it with --rotate."
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
        if rotate:
            key = rotate_token(user=user)
            self.stdout.write(f"New API token for {username} (the old one no longer works): {key}")
            return
        try:
            key = create_token(user=user)
        except TokenExists as exists:
            made = f"{exists.token.created_at:%Y-%m-%d %H:%M} UTC"
            raise CommandError(
                f"{username} has an API token already ({exists.token.prefix}…, made {made}). "
                "Only its hash is stored, so it cannot be printed again. To get a new one "
                f"(the old one then stops working): manage.py api_token {username} --rotate"
            ) from exists
        self.stdout.write(f"API token for {username}: {key}")
