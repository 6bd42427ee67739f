"""python manage.py agreement PROJECT [--format json|table] [--outlet X] [--article ID]
[--since DATE] [--until DATE] [--bootstrap N] [--resample articles|sentences] [--seed S]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.agreement import agreement_report
from claims.agreement.bootstrap import DEFAULT_RESAMPLE, RESAMPLE_UNITS
from claims.agreement.selection import FilterError, parse_filters
from claims.agreement.summary import format_summary
from claims.models import Project


class Command(BaseCommand):
    help = "Print a project's inter-annotator agreement as JSON or as a readable table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help="the project's slug")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--outlet", help="only articles from this outlet")
        parser.add_argument("--article", type=int, metavar="ID", help="only this article")
        parser.add_argument("--since", metavar="DATE", help="published on or after")
        parser.add_argument("--until", metavar="DATE", help="published before")
        parser.add_argument(
            "--bootstrap",
            type=int,
            default=1000,
            metavar="N",
            help="resamples for alpha's 95%% interval; 0 skips it",
        )
        parser.add_argument(
            "--resample",
            choices=list(RESAMPLE_UNITS),
            default=DEFAULT_RESAMPLE,
            help="what the bootstrap resamples: whole articles (default; sentences of one "
            "article are not independent) or single sentences",
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(
        self,
        *,
        project: str,
        format: str,
        outlet: str | None,
        article: int | None,
        since: str | None,
        until: str | None,
        bootstrap: int,
        resample: str,
        seed: int,
        **options: object,
    ) -> None:
        found = Project.objects.filter(slug=project).first()
        if found is None:
            raise CommandError(f"no project with slug '{project}'")
        if article is not None and not found.articles.filter(pk=article).exists():
            raise CommandError(f"no article {article} in project '{project}'")
        if bootstrap < 0:
            raise CommandError("--bootstrap must be 0 or more")
        try:
            filters = parse_filters(outlet=outlet, article=article, since=since, until=until)
        except FilterError as error:
            raise CommandError(f"--{error.field} {error.message}") from error
        report = agreement_report(
            project=found, filters=filters, bootstrap=bootstrap, seed=seed, resample=resample
        )
        text = (
            json.dumps(report, indent=2, allow_nan=False)
            if format == "json"
            else format_summary(report=report)
        )
        self.stdout.write(text)
