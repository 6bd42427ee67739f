"""The sources of one sentence on a plain form: source mode without JavaScript.

The annotator types a source (and a cue) as it reads in the text; the server finds it in
the sentence or the sentences around it (claims/attribution_text.py) and, where it occurs
more than once there, asks which one. Saving is one change to the sentence, with the same
revision rules as a label: `based_on`, 409 when it changed elsewhere, nothing half-saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from annotator.forms import SourceRows, SourcesForm, resolve_sources
from annotator.http import HtmxRequest, SeeOther
from claims import queries
from claims.annotations import HiddenLabel, StaleAnnotation, record_label
from claims.attribution_text import SENTENCES_AFTER, SENTENCES_BEFORE
from claims.attributions import InvalidAttribution
from claims.models import Annotation, Article, Label, Sentence, SourceKind
from claims.revisions import SentenceGone
from claims.scheme import offered

STALE_MESSAGE = (
    "This sentence was changed in another tab or window while you were on this form. It now "
    "shows what is saved; make your change again."
)


@login_required
@require_http_methods(["GET", "POST"])
def sentence_sources(request: HtmxRequest, slug: str, pk: int, position: int) -> HttpResponse:
    articles = queries.articles_for(user=request.user)
    article = get_object_or_404(articles.select_related("project"), pk=pk, project__slug=slug)
    sentence = get_object_or_404(article.sentences, position=position)
    sentence.article = article
    saved = _current(sentence, request)
    # What this revision uses already stays on offer, hidden or not (record_label agrees).
    labels = offered(
        article.project.labels.all(), keeping={saved.label_id} if saved and saved.label_id else ()
    )
    used_kinds = {row.kind_id for row in saved.attributions.all()} if saved else set()
    kinds = offered(article.project.source_kinds.all(), keeping=used_kinds)
    if request.method == "GET":
        form = SourcesForm(labels=labels, annotation=saved)
        rows = SourceRows(article=article, kinds=kinds, annotation=saved, annotator=request.user)
        return _page(request, article, sentence, form, rows, labels, kinds)
    form = SourcesForm(request.POST, labels=labels, annotation=saved)
    rows = SourceRows(
        request.POST, article=article, kinds=kinds, annotation=saved, annotator=request.user
    )
    if not (form.is_valid() and rows.is_valid()):
        return _page(request, article, sentence, form, rows, labels, kinds, status=422)
    specs = resolve_sources(rows, article=article, sentence=sentence)
    if specs is None:  # a source not found, or found more than once: the rows say where
        return _page(request, article, sentence, form, rows, labels, kinds, status=422)
    try:
        record_label(
            sentence=sentence,
            annotator=request.user,
            label=form.cleaned_data["label"],
            based_on=form.cleaned_data["based_on"],
            attributions=specs,
        )
    except InvalidAttribution as error:
        rows.add_attribution_error(error)
        return _page(request, article, sentence, form, rows, labels, kinds, status=422)
    except HiddenLabel as error:
        form.add_error("label", str(error))
        return _page(request, article, sentence, form, rows, labels, kinds, status=422)
    except (StaleAnnotation, SentenceGone):
        saved = _current(sentence, request)
        form = SourcesForm(labels=labels, annotation=saved)
        rows = SourceRows(article=article, kinds=kinds, annotation=saved, annotator=request.user)
        return _page(
            request, article, sentence, form, rows, labels, kinds, status=409, message=STALE_MESSAGE
        )
    url = reverse("annotate", args=[slug, pk])
    return SeeOther(f"{url}?s={position}#sentence-{position}")


def _current(sentence: Sentence, request: HtmxRequest) -> Annotation | None:
    return (
        Annotation.objects.filter(sentence=sentence, annotator=request.user, is_current=True)
        .select_related("label")
        .prefetch_related("attributions__kind")
        .first()
    )


def _page(
    request: HtmxRequest,
    article: Article,
    sentence: Sentence,
    form: SourcesForm,
    rows: SourceRows,
    labels: list[Label],
    kinds: list[SourceKind],
    *,
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    around = range(sentence.position - SENTENCES_BEFORE, sentence.position + SENTENCES_AFTER + 1)
    context_rows = queries.sentence_rows(
        article=article, annotator=request.user, positions=set(around)
    )
    for row in context_rows:
        row.sentence.article = article  # row.pieces slices the article's text
    context: dict[str, Any] = {
        "article": article,
        "sentence": sentence,
        "context_rows": context_rows,
        "form": form,
        "rows": rows,
        "kinds": kinds,
        "labels": labels,
        "message": message,
    }
    return render(request, "annotator/sources.html", context, status=status)
