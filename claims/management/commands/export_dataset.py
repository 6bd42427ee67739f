"""python manage.py export_dataset PROJECT --format F [-o FILE] [options]"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.datasets.export import FORMATS, write_dataset
from claims.datasets.options import DatasetError, ExportOptions, parse_options
from claims.models import Project


class Command(BaseCommand):
    help = (
        "Export a project's labelled sentences as jsonl (one article per line), csv or "
        "parquet (one row per sentence and annotator). Without -o the file goes to standard "
        "output; with it, FILE.dataset_info.json is written beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help="the project's slug")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("-o", "--output", type=Path, help="file to write")
        parser.add_argument("--gold-only", action="store_true", help="sentences with gold only")
        parser.add_argument("--min-annotations", default="0", metavar="K")
        parser.add_argument("--annotator", metavar="USERNAME", help="one annotator's labels")
        parser.add_argument("--since", metavar="DATE", help="labels changed on or after")
        parser.add_argument("--until", metavar="DATE", help="labels changed before (a date: on)")

    def handle(
        self,
        *,
        project: str,
        format: str,
        output: Path | None,
        gold_only: bool,
        min_annotations: int | str,  # a string from the command line
        annotator: str | None,
        since: str | None,
        until: str | None,
        **options: object,
    ) -> None:
        target = Project.objects.filter(slug=project).first()
        if target is None:
            raise CommandError(f"no project with slug '{project}'")
        try:
            chosen = parse_options(
                gold_only=gold_only,
                min_annotations=min_annotations,
                annotator=annotator,
                since=since,
                until=until,
            )
            if output is None:
                write_dataset(project=target, format=format, options=chosen, file=sys.stdout.buffer)
                return
            info = _write_file(project=target, format=format, options=chosen, path=output)
        except DatasetError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from error
        sidecar = output.with_name(output.name + ".dataset_info.json")
        sidecar.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
        counts = info["counts"]
        assert isinstance(counts, dict)  # DatasetCounts.as_dict(), as dataset_info has it
        self.stdout.write(
            f"Wrote {counts['articles']:,} articles, {counts['sentences']:,} sentences and "
            f"{counts['annotations']:,} annotations to {output}; dataset info in {sidecar}."
        )


def _write_file(
    *, project: Project, format: str, options: ExportOptions, path: Path
) -> dict[str, object]:
    # Written aside and renamed when complete: a failed or interrupted export never leaves
    # a truncated file that looks like a dataset.
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as file:
            info = write_dataset(project=project, format=format, options=options, file=file)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return info
