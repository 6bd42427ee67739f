"""Pages of the annotation workflow.

Each view parses input, calls one domain function and renders. A full page and its htmx
refresh come from the same view and context; only the template name gains "#partial".
Every write also works as a plain form post (JavaScript off): success redirects with 303.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from annotator.forms import ImportForm, LabelForm
from annotator.http import HtmxRequest
from claims import queries, review_queue
from claims.annotations import StaleAnnotation, record_label, undo_last_change
from claims.articles import ArticleFormatError, import_files
from claims.models import Annotation, Article, Sentence

STALE_MESSAGE = (
    "This sentence was changed in another tab or window. It now shows what is saved; "
    "label it again if you want to change it."
)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class SeeOther(HttpResponseRedirect):
    # After a form post the browser must GET the page, never re-post.
    status_code = 303


@login_required
@require_GET
def home(request: HtmxRequest) -> HttpResponse:
    projects = queries.projects_with_progress(request.user)
    return render(
        request, _page(request, "annotator/home.html", "projects"), {"projects": projects}
    )


@login_required
@require_GET
def project(request: HtmxRequest, slug: str) -> HttpResponse:
    projects = review_queue.projects_with_gold(request.user).prefetch_related("labels")
    project = get_object_or_404(projects, slug=slug)
    articles = list(queries.articles_with_progress(user=request.user, project=project))
    context = {
        "project": project,
        "articles": articles,
        "next_article": next((a for a in articles if a.labelled < a.total), None),
    }
    return render(request, _page(request, "annotator/project.html", "articles"), context)


@login_required
def import_articles(request: HtmxRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(queries.owned_projects(request.user), slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(file.name, file) for file in form.cleaned_data["files"]]
        try:
            report = import_files(project=project, files=files, update=form.cleaned_data["update"])
        except ArticleFormatError as error:
            form.add_error("files", f"{error}. Nothing was imported.")
        else:
            messages.success(
                request,
                f"Imported {report.created + report.updated} "
                f"article{pluralize(report.created + report.updated)} "
                f"({report.created} new, {report.updated} updated), "
                f"{report.sentences} sentences.",
            )
            return SeeOther(reverse("project", args=[project.slug]))
    status = 422 if form.errors else 200
    return render(
        request, "annotator/import.html", {"project": project, "form": form}, status=status
    )


@login_required
@require_GET
def label_styles(request: HtmxRequest, slug: str) -> HttpResponse:
    """The project's label colours as CSS: our CSP forbids inline style attributes."""
    project = get_object_or_404(queries.projects_for(request.user), slug=slug)
    colours = [
        (label.key, label.colour if _COLOUR.fullmatch(label.colour) else "#777777")
        for label in project.labels.all()
    ]
    response = render(
        request, "annotator/labels.css", {"colours": colours}, content_type="text/css"
    )
    patch_cache_control(response, private=True, max_age=300)
    return response


@login_required
@require_GET
def annotate(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    article = _article_or_404(request, slug, pk)
    requested = request.GET.get("s", "")
    current = int(requested) if requested.isascii() and requested.isdigit() else None
    return _annotate_page(request, article, current=current)


@login_required
@require_POST
def label_sentence(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    article = _article_or_404(request, slug, pk)
    form = LabelForm(request.POST, article=article)
    if not form.is_valid():
        sentence = form.cleaned_data.get("sentence")
        current = sentence.position if sentence else None
        return _annotate_page(request, article, current=current, form=form, status=422)
    sentence = form.cleaned_data["sentence"]
    try:
        annotation = record_label(annotator=request.user, **form.cleaned_data)
    except StaleAnnotation as stale:
        return _changed(
            request, article, stale.current, sentence, status=409, message=STALE_MESSAGE
        )
    if not request.htmx:  # as the keys do: a label moves on, a clear stays
        flags = queries.labelled_flags(article=article, annotator=request.user)
        labelled = form.cleaned_data["label"] is not None
        position = sentence.position
        target = queries.next_position(flags, after=position) if labelled else position
        return SeeOther(_annotate_url(article, target))
    # The page's script moved on when the key was pressed; it must not be pulled back.
    return _changed(request, article, annotation, sentence, focus=False)


@login_required
@require_POST
def undo(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    article = _article_or_404(request, slug, pk)
    try:
        annotation = undo_last_change(article=article, annotator=request.user)
    except StaleAnnotation as stale:
        sentence = stale.current.sentence if stale.current else None
        return _changed(
            request, article, stale.current, sentence, status=409, message=STALE_MESSAGE
        )
    sentence = annotation.sentence if annotation else None
    message = "" if annotation else "Nothing to undo."
    if not request.htmx:
        if message:
            messages.info(request, message)
        return SeeOther(_annotate_url(article, sentence.position if sentence else None))
    return _changed(request, article, annotation, sentence, message=message)


def _page(request: HtmxRequest, template: str, partial: str) -> str:
    return f"{template}#{partial}" if request.htmx else template


def _article_or_404(request: HtmxRequest, slug: str, pk: int) -> Article:
    articles = queries.articles_for(user=request.user)
    return get_object_or_404(articles, pk=pk, project__slug=slug)


def _annotate_url(article: Article, position: int | None) -> str:
    url = reverse("annotate", args=[article.project.slug, article.pk])
    return url if position is None else f"{url}?s={position}#sentence-{position}"


def _changed(
    request: HtmxRequest,
    article: Article,
    annotation: Annotation | None,
    sentence: Sentence | None,
    *,
    status: int = 200,
    message: str = "",
    focus: bool = True,
) -> HttpResponse:
    """After a write: for htmx, only the changed sentence, the progress bar and the message,
    swapped out of band; built from what the write returned, so this costs one query. A
    plain post that could not redirect (409) gets the full page. With `focus`, the page's
    script makes the changed sentence current (after undo, or a conflict)."""
    position = sentence.position if sentence else None
    if not request.htmx:
        return _annotate_page(request, article, current=position, status=status, message=message)
    if sentence is not None:
        sentence.article = article  # row.text slices the article's text
    context = {
        "article": article,
        "current": queries.SentenceRow(sentence=sentence, annotation=annotation)
        if sentence
        else None,
        "progress": queries.article_progress(article=article, annotator=request.user),
        "message": message,
        "oob": True,
    }
    response = render(request, "annotator/annotate.html#changed", context, status=status)
    if focus and position is not None:
        trigger_client_event(response, "annotate:changed", {"position": position}, after="settle")
    return response


def _annotate_page(
    request: HtmxRequest,
    article: Article,
    *,
    current: int | None = None,
    form: LabelForm | None = None,
    message: str = "",
    status: int = 200,
    partial: str | None = None,
) -> HttpResponse:
    rows = queries.sentence_rows(article=article, annotator=request.user)
    flags = [(row.sentence.position, row.is_labelled) for row in rows]
    if current not in {position for position, _ in flags}:
        current = queries.next_position(flags, after=None)
    partial = partial or ("label-form" if form else "workspace")
    context: dict[str, Any] = {
        "article": article,
        "labels": list(article.project.labels.all()),
        "rows": rows,
        "current": next((row for row in rows if row.sentence.position == current), None),
        "progress": queries.Progress(labelled=sum(f for _, f in flags), total=len(flags)),
        "form": form,
        "message": message,
        # Fragments sent after a write replace their elements by id, out of band.
        "oob": bool(request.htmx) and partial != "workspace",
    }
    template = _page(request, "annotator/annotate.html", partial)
    return render(request, template, context, status=status)
