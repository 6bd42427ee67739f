"""python manage.py add_user USERNAME [--email ADDRESS]"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Make an ordinary account (not staff, not superuser) that project owners can then "
        "add as a member. Asks for the password, or reads it from the environment variable "
        "named by --password-from."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from", metavar="VARIABLE", help="read the password from this variable"
        )

    def handle(
        self, *, username: str, email: str, password_from: str | None, **options: object
    ) -> None:
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"an account '{username}' exists already")
        if password_from:
            password = os.environ.get(password_from, "")
            if not password:
                raise CommandError(f"the variable {password_from} is empty or unset")
        else:
            password = getpass.getpass(f"Password for {username}: ")
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"Created {username}. A project owner can now add them on the Members page."
        )
