"""Downloading a project's dataset from the project page.

A plain GET form (format and options), so a download is a link that can be bookmarked or
fetched by a script with the session cookie. The file streams as it is written.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from annotator.http import HtmxRequest
from claims import flags, queries
from claims.datasets.export import content_type_for, export_dataset, filename_for
from claims.datasets.options import DatasetError, parse_options

_OPTIONS = ("gold_only", "min_annotations", "annotator", "since", "until")


@login_required
@require_GET
def download_dataset(request: HtmxRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """Reviewers and owners get the file; annotators, who see the project, get 403;
    others 404, so the project's existence does not leak. Bad options get 400."""
    # Declared: through get_object_or_404 alone, the checker loses the annotations.
    project: queries.ProjectWithRole = get_object_or_404(
        queries.projects_for(request.user), slug=slug
    )
    if not project.is_reviewer:
        raise PermissionDenied("only reviewers and owners download datasets")
    format = request.GET.get("format", "jsonl")
    try:
        options = parse_options(**{name: request.GET.get(name, "") for name in _OPTIONS})
        chunks = export_dataset(project=project, format=format, options=options)
    except DatasetError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(chunks, content_type=content_type_for(format))
    filename = filename_for(project, format)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def download_flags(request: HtmxRequest, slug: str) -> HttpResponse:
    """Every flag and send-back of the project as CSV (claims/flags.py): reviewers and
    owners, as for the dataset; annotators 403, others 404."""
    project: queries.ProjectWithRole = get_object_or_404(
        queries.projects_for(request.user), slug=slug
    )
    if not project.is_reviewer:
        raise PermissionDenied("only reviewers and owners download flags")
    out = io.StringIO()
    flags.write_flags_csv(flags.flag_rows(project=project), out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{project.slug}-flags.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
