"""python manage.py profile PROJECT [--labels gold|USERNAME|each] [--outlet X]
[--article ID] [--since DATE] [--until DATE] [--articles] [--bootstrap N]
[--permutations N] [--seed S] [--format json|table|csv]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.agreement.selection import FilterError, parse_filters
from claims.models import Project
from claims.sourcing.loading import LabelsError, profile_report
from claims.sourcing.summary import format_csv, format_table


class Command(BaseCommand):
    help = "Print a project's sourcing profile: how its articles rest their claims."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help="the project's slug")
        parser.add_argument(
            "--labels",
            default="gold",
            help="gold (the default), an annotator's username, or each (every annotator apart)",
        )
        parser.add_argument("--format", choices=["json", "table", "csv"], default="json")
        parser.add_argument("--outlet", help="only articles from this outlet")
        parser.add_argument("--article", type=int, metavar="ID", help="only this article")
        parser.add_argument("--since", metavar="DATE", help="published on or after")
        parser.add_argument("--until", metavar="DATE", help="published before")
        parser.add_argument(
            "--articles", action="store_true", help="add a profile of every article"
        )
        parser.add_argument(
            "--bootstrap",
            type=int,
            default=2000,
            metavar="N",
            help="article resamples for the 95%% intervals; 0 skips them",
        )
        parser.add_argument(
            "--permutations",
            type=int,
            default=10_000,
            metavar="N",
            help="article permutations for each comparison of two outlets; 0 skips them",
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(
        self,
        *,
        project: str,
        labels: str,
        format: str,
        outlet: str | None,
        article: int | None,
        since: str | None,
        until: str | None,
        articles: bool,
        bootstrap: int,
        permutations: int,
        seed: int,
        **options: object,
    ) -> None:
        found = Project.objects.filter(slug=project).first()
        if found is None:
            raise CommandError(f"no project with slug '{project}'")
        if bootstrap < 0:
            raise CommandError("--bootstrap must be 0 or more")
        if permutations < 0:
            raise CommandError("--permutations must be 0 or more")
        try:
            filters = parse_filters(outlet=outlet, article=article, since=since, until=until)
            report = profile_report(
                project=found,
                labels=labels,
                filters=filters,
                bootstrap=bootstrap,
                seed=seed,
                per_article=articles,
                permutations=permutations,
            )
        except FilterError as error:
            raise CommandError(f"--{error.field} {error.message}") from error
        except LabelsError as error:
            raise CommandError(f"--labels: {error}") from error
        if format == "json":
            self.stdout.write(json.dumps(report, indent=2, allow_nan=False))
        elif format == "csv":
            self.stdout.write(format_csv(report), ending="")
        else:
            self.stdout.write(format_table(report))
