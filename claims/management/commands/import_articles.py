"""python manage.py import_articles PROJECT FILE... [--update]"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from claims.imports.articles import ArticleFormatError, ImportReport, import_files
from claims.models import Project


class Command(BaseCommand):
    help = (
        "Import articles into a project from .txt (one article per file), .jsonl (one per "
        "line; an exported dataset keeps its sentences and labels) or .csv (a header row "
        "with a 'text' column) files. All or nothing: a bad record anywhere imports nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help="the project's slug")
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--update", action="store_true", help="replace articles whose id exists already"
        )

    def handle(self, *, project: str, files: list[Path], update: bool, **options: object) -> None:
        target = Project.objects.filter(slug=project).first()
        if target is None:
            raise CommandError(f"no project with slug '{project}'; create_project makes one")
        started = time.monotonic()
        with ExitStack() as stack:
            bar = stack.enter_context(self._progress_bar())
            try:
                opened = [(str(path), stack.enter_context(path.open("rb"))) for path in files]
                report = import_files(
                    project=target, files=opened, update=update, progress=bar.update
                )
            except OSError as error:
                raise CommandError(f"{error.filename}: {error.strerror}") from error
            except ArticleFormatError as error:
                raise CommandError(f"{error}. Nothing was imported.") from error
        self.stdout.write(_summary(report, slug=target.slug, seconds=time.monotonic() - started))

    def _progress_bar(self) -> tqdm:
        # tqdm redraws in place with \r, which the command's stderr wrapper would break by
        # adding newlines, so the bar writes to the terminal itself, and only to a terminal.
        return tqdm(
            unit=" articles", file=sys.stderr, disable=not self.stderr.isatty(), leave=False
        )


def _summary(report: ImportReport, *, slug: str, seconds: float) -> str:
    articles = _count(report.created + report.updated, "article")
    lines = [
        f"Imported {articles} into '{slug}' ({report.created:,} new, {report.updated:,} "
        f"updated) with {_count(report.sentences, 'sentence')} from "
        f"{_count(report.files, 'file')} in {seconds:.1f} s."
    ]
    if report.annotations or report.gold_labels:
        lines.append(
            f"Restored {_count(report.annotations, 'annotation')} and "
            f"{_count(report.gold_labels, 'gold label')}."
        )
    if report.new_accounts:
        lines.append(
            f"New accounts, which cannot log in until an owner sets a password "
            f"(manage.py changepassword USER): {', '.join(report.new_accounts)}."
        )
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
