from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError, connection


class Command(BaseCommand):
    help = "Wait until the database accepts connections (the image's entrypoint runs it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=60, help="seconds; then fail")

    def handle(self, *, timeout: float, **options: object) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.ensure_connection()
                return
            except OperationalError as error:
                if time.monotonic() > deadline:
                    raise CommandError(f"No database after {timeout:g} s: {error}") from error
                connection.close()
                time.sleep(1)
