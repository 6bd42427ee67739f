"""python manage.py segment < article.txt"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError

from claims.segmentation import normalise_newlines, split_sentences


class Command(BaseCommand):
    help = (
        "Split UTF-8 text read on stdin into sentences and print one JSON object per sentence: "
        '{"index": 0, "start": 0, "end": 15, "text": "..."}. Offsets are half-open and count '
        "Python characters (code points, not bytes) in the input after \\r\\n and \\r have become "
        "\\n and a leading byte order mark has been dropped; text is input[start:end]."
    )
    # It reads no models, and pipelines call it once per article: skip the system checks.
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def handle(self, *args: str, stdin: TextIO | None = None, **options: object) -> None:
        try:
            raw = stdin.read() if stdin is not None else sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"stdin is not UTF-8: {error}") from error
        text = normalise_newlines(raw.removeprefix("\ufeff"))
        for index, span in enumerate(split_sentences(text)):
            sentence: dict[str, int | str] = {"index": index, "start": span.start, "end": span.end}
            sentence["text"] = text[span.start : span.end]
            self.stdout.write(json.dumps(sentence, ensure_ascii=False))
