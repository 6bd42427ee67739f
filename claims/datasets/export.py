"""Labelled datasets: a project's sentences and labels as JSON Lines, CSV or Parquet.

- jsonl: one article per line, with its sentences, each sentence's annotations (current
  revisions with a label; a cleared label is no annotation) and its current gold label.
  import_files reads this format back (see claims/imports/given_labels.py).
- csv, parquet: one row per sentence and annotation (rows.TABLE_COLUMNS); a
  sentence without annotations gets one row with empty annotator, label and updated_at.

Options select annotations (one annotator; updated_at in [since, until)) and sentences
(gold_only: those with gold, still listing their annotations; min_annotations: those with
at least that many selected annotations). With a sentence filter, articles left without
sentences are left out. Every export streams: chunks of articles are read, encoded and
handed on one at a time, so memory stays flat whatever the project's size.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from typing import BinaryIO

from django.db import connection
from django.utils import timezone

from claims.datasets import postgres
from claims.datasets.formats import (
    CSV_FORMULA_GUARD,
    PARQUET_TYPES,
    encode_csv,
    encode_jsonl,
    encode_parquet,
)
from claims.datasets.loading import count_dataset, load_articles
from claims.datasets.options import DatasetError, ExportOptions
from claims.datasets.rows import FORMAT_VERSION, TABLE_COLUMNS
from claims.models import Annotation, Membership, Project, ProjectChange
from claims.segmentation import SEGMENTER_NAME

FORMATS = ("jsonl", "csv", "parquet")
_CONTENT_TYPES = {
    "jsonl": "application/jsonl; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def content_type_for(format: str) -> str:
    """The media type of a dataset file. Raises DatasetError for an unknown format."""
    _check_format(format)
    return _CONTENT_TYPES[format]


def filename_for(project: Project, format: str) -> str:
    """ "<slug>-<today>.<format>", a download's default file name."""
    _check_format(format)
    return f"{project.slug}-{timezone.localdate():%Y-%m-%d}.{format}"


# What the attributions in a dataset are; the README's JSONL contract says it at length.
ATTRIBUTIONS_NOTE = (
    "each annotation (and the gold label) lists its attributions: source and cue spans as "
    "half-open offsets into the article text (null when none is named), a source kind key "
    "(source_kinds), an entity id linking mentions of one source in the article for one "
    "annotator, via (the index in the same list of the attribution that relayed it) and "
    "embedded (in a subordinate clause of a sentence whose main clause is not attributed). "
    "A sentence's originating attribution is a non-embedded one that no other names as "
    "via; with n of them, each weighs 1/n. In csv and parquet, an annotation takes one row "
    "per attribution (attribution = its index), and gold attributions take rows with "
    "is_gold true"
)


def dataset_info(
    *, project: Project, options: ExportOptions, format: str | None = None
) -> dict[str, object]:
    """The sidecar that makes a dataset citable and reproducible: project, label scheme
    with definitions, segmenters, export time, options and counts (what an export with
    these options holds now). With `format`, also the format and, for tables, its columns.
    """
    counts = count_dataset(project=project, options=options)
    info: dict[str, object] = {
        "format_version": FORMAT_VERSION,
        "project": {
            "name": project.name,
            "slug": project.slug,
            "description": project.description,
            "guidelines": project.guidelines,
            "annotators_per_article": project.annotators_per_article,
            "auto_gold": project.auto_gold,
            # Whether annotators could see each other's work: a calibration phase with
            # blindness off inflates agreement, so every switch is listed with its time.
            "blind": project.blind,
            "blind_changes": [
                {"at": change.at.isoformat(), "blind": change.after["blind"]}
                for change in project.changes.filter(
                    what=ProjectChange.What.SETTINGS, after__has_key="blind"
                ).order_by("at", "pk")
            ],
        },
        "labels": [
            {"key": label.key, "name": label.name, "description": label.description}
            | {"example": label.example}
            | {"role": label.role, "hidden": label.hidden}
            for label in project.labels.order_by("position", "pk")
        ],
        "source_kinds": [
            {"key": kind.key, "name": kind.name, "class": kind.source_class}
            | {"media": kind.media, "description": kind.description, "example": kind.example}
            | {"hidden": kind.hidden}
            for kind in project.source_kinds.order_by("position", "pk")
        ],
        "attributions": ATTRIBUTIONS_NOTE,
        # The guideline versions the exported revisions were labelled under, with their text.
        "guideline_versions": [
            {"number": version.number, "created_at": version.created_at.isoformat()}
            | {"text": version.text}
            for version in project.guideline_versions.filter(
                number__in=counts.guideline_versions
            ).order_by("number")
        ],
        # The articles' segmenters, and the one this installation segments new text with.
        "segmenters": list(counts.segmenters),
        "segmenter": SEGMENTER_NAME,
        "exported_at": timezone.now().isoformat(),
        "options": options.describe(),
        "counts": counts.as_dict(),
    }
    if format is not None:
        _check_format(format)
        info["format"] = format
        if format == "parquet":
            info["columns"] = PARQUET_TYPES
        elif format == "csv":
            info["columns"] = list(TABLE_COLUMNS)
            info["formula_guard"] = CSV_FORMULA_GUARD
    return info


def export_dataset(
    *, project: Project, format: str, options: ExportOptions = ExportOptions()
) -> Iterator[bytes]:
    """The dataset file, as chunks of bytes to write or stream in order.

    Input is checked now, before the first chunk, so a door can still answer with an
    error; the database is read as the chunks are taken. Raises DatasetError for an
    unknown format, Parquet without pyarrow, or an annotator unknown to the project.
    """
    _check_export(project=project, format=format, options=options)
    info = None
    if format == "parquet":  # the only format that carries its dataset_info inside
        info = dataset_info(project=project, options=options, format=format)
    return _encode(project=project, format=format, options=options, info=info)


def write_dataset(
    *, project: Project, format: str, options: ExportOptions, file: BinaryIO
) -> dict[str, object]:
    """Write the dataset to `file`; return its dataset_info. Raises as export_dataset."""
    _check_export(project=project, format=format, options=options)
    info = dataset_info(project=project, options=options, format=format)
    for chunk in _encode(project=project, format=format, options=options, info=info):
        file.write(chunk)
    return info


def _encode(
    *, project: Project, format: str, options: ExportOptions, info: dict[str, object] | None
) -> Iterator[bytes]:
    # In the schema's metadata, where pyarrow and pandas read it.
    metadata = {"dataset_info": json.dumps(info)}
    # PostgreSQL writes the rows itself, faster (see postgres.py).
    if connection.vendor == "postgresql":
        if format == "jsonl":
            return postgres.encode_jsonl(project=project, options=options)
        if format == "csv":
            return postgres.encode_csv(project=project, options=options)
        return postgres.encode_parquet(project=project, options=options, metadata=metadata)
    chunks = load_articles(project=project, options=options)
    if format == "jsonl":
        return encode_jsonl(chunks)
    if format == "csv":
        return encode_csv(chunks)
    return encode_parquet(chunks, metadata=metadata)


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise DatasetError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


def _check_export(*, project: Project, format: str, options: ExportOptions) -> None:
    _check_format(format)
    if format == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise DatasetError("Parquet export needs pyarrow: pip install '.[parquet]'")
    name = options.annotator
    if name is not None and not (
        Membership.objects.filter(project=project, user__username=name).exists()
        or Annotation.objects.filter(
            sentence__article__project=project, annotator__username=name
        ).exists()
    ):
        raise DatasetError(f"annotator {name!r} has no part in project '{project.slug}'")
