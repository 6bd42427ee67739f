"""Pages of the annotation workflow.

Each view parses input, calls one domain function and renders. A full page and its htmx
refresh come from the same view and context; only the template name gains "#partial".
Every write also works as a plain form post (JavaScript off): success redirects with 303.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from annotator.forms import LabelForm
from annotator.http import HtmxRequest, SeeOther, page_template
from claims import queries
from claims.annotations import HiddenLabel, StaleAnnotation, record_label, undo_last_change
from claims.attributions import AttributionSpec, InvalidAttribution
from claims.models import Annotation, Article, Attribution, Sentence
from claims.revisions import SentenceGone
from claims.scheme import offered

GONE_MESSAGE = (
    "This article was imported again with new sentences while you worked, so your last "
    "change was not saved. Reload the page to see the new sentences."
)
STALE_MESSAGE = (
    "This sentence was changed in another tab or window. It now shows what is saved; "
    "label it again if you want to change it."
)


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
    target = _target(request, slug, pk)
    article = target.sentence.article if target else _article_or_404(request, slug, pk)
    form = LabelForm(request.POST, article=article, target=target)
    if not form.is_valid():
        sentence = form.cleaned_data.get("sentence")
        current = sentence.position if sentence else None
        return _annotate_page(request, article, current=current, form=form, status=422)
    sentence = form.cleaned_data["sentence"]
    try:
        change = record_label(annotator=request.user, **form.cleaned_data)
    except (InvalidAttribution, HiddenLabel) as error:
        form.add_error("label" if isinstance(error, HiddenLabel) else "attributions", str(error))
        return _annotate_page(request, article, current=sentence.position, form=form, status=422)
    except StaleAnnotation as stale:
        return _changed(
            request, article, stale.current, sentence, status=409, message=STALE_MESSAGE
        )
    except SentenceGone:
        return _changed(request, article, None, None, status=409, message=GONE_MESSAGE)
    if not request.htmx:  # as the keys do: a label moves on, a clear stays
        flags = queries.labelled_flags(article=article, annotator=request.user)
        labelled = form.cleaned_data["label"] is not None
        position = sentence.position
        goes_to = queries.next_position(flags, after=position) if labelled else position
        return SeeOther(_annotate_url(article, goes_to))
    # The page's script moved on when the key was pressed; it must not be pulled back.
    spans = _spans(change.attributions + change.replaced)
    inside = all(sentence.start <= start and end <= sentence.end for start, end in spans)
    # A new revision answers a reviewer's send-back: its line at the top says so.
    answered = sentence.position if target is not None and target.sent_back else None
    if target is None or not inside:
        return _changed(
            request,
            article,
            change.annotation,
            sentence,
            focus=False,
            spans=spans,
            answered=answered,
        )
    # The common case: only the sentence itself is redrawn (its sources and cues, if any,
    # lie in it), from what the save returned, and the progress is the count read before
    # the save moved by what it changed (the sentence's lock orders saves to this
    # sentence, not to the others of the article: a save in another tab at the same moment
    # shows in the next answer).
    progress = queries.Progress(
        labelled=target.labelled + change.labelled_change, total=article.sentence_count
    )
    row = queries.changed_row(
        sentence=sentence,
        annotation=change.annotation,
        annotator=request.user,
        attributions=change.attributions if change.annotation else (),
        marked_from_elsewhere=target.marked_from_elsewhere,
        flag=target.flag,
    )
    context = {
        "article": article,
        "changed_rows": [row],
        "progress": progress,
        "answered": answered,
        "oob": True,
    }
    return render(request, "annotator/annotate.html#changed", context)


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
    except SentenceGone:
        return _changed(request, article, None, None, status=409, message=GONE_MESSAGE)
    sentence = annotation.sentence if annotation else None
    message = "" if annotation else "Nothing to undo."
    if not request.htmx:
        if message:
            messages.info(request, message)
        return SeeOther(_annotate_url(article, sentence.position if sentence else None))
    return _changed(request, article, annotation, sentence, message=message)


def _target(request: HtmxRequest, slug: str, pk: int) -> queries.LabelTarget | None:
    """The posted sentence of the article with the label asked for, in one query; None
    when the post names no sentence of it (the form then says what is wrong)."""
    posted = request.POST.get("sentence", "")
    if not (posted.isascii() and posted.isdigit()) or len(posted) > 18:
        return None
    return queries.label_target(
        user=request.user,
        sentence_id=int(posted),
        label_key=request.POST.get("label") or None,
        article_id=pk,
        project_slug=slug,
    )


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
    spans: list[tuple[int, int]] | None = None,
    answered: int | None = None,
) -> HttpResponse:
    """After a write: for htmx, only the changed sentence, the progress bar and the message,
    swapped out of band; built from what the write returned, so this costs one query. A
    plain post that could not redirect (409) gets the full page. With `focus`, the page's
    script makes the changed sentence current (after undo, or a conflict). `spans`: where
    the sources and cues of `annotation` and of the revision it replaced are, when the
    caller knows them. `answered`: the position of a sentence whose send-back the write
    answered."""
    position = sentence.position if sentence else None
    if not request.htmx:
        return _annotate_page(request, article, current=position, status=status, message=message)
    # The sentence, and every sentence where its sources were or are drawn.
    if spans is None:
        spans = _stored_spans(annotation)
    positions = _drawn_in(article, spans) | ({position} if position is not None else set())
    rows = queries.sentence_rows(article=article, annotator=request.user, positions=positions)
    for row in rows:
        row.sentence.article = article  # row.text slices the article's text
    context = {
        "article": article,
        "changed_rows": rows,
        "progress": queries.article_progress(article=article, annotator=request.user),
        "message": message,
        "answered": answered,
        "oob": True,
    }
    response = render(request, "annotator/annotate.html#changed", context, status=status)
    if focus and position is not None:
        trigger_client_event(response, "annotate:changed", {"position": position}, after="settle")
    return response


def _stored_spans(annotation: Annotation | None) -> list[tuple[int, int]]:
    """Where the sources and cues of `annotation` and of the revision it replaced are."""
    if annotation is None:
        return []
    found = Attribution.objects.filter(
        annotation_id__in=[annotation.pk, annotation.replaces_id]
    ).values_list("source_start", "source_end", "cue_start", "cue_end")
    return [
        (start, end)
        for s_start, s_end, c_start, c_end in found
        for start, end in ((s_start, s_end), (c_start, c_end))
        if start is not None and end is not None
    ]


def _spans(specs: tuple[AttributionSpec, ...]) -> list[tuple[int, int]]:
    return [
        (span.start, span.end)
        for spec in specs
        for span in (spec.source, spec.cue)
        if span is not None
    ]


def _drawn_in(article: Article, spans: list[tuple[int, int]]) -> set[int]:
    """Positions of the sentences where `spans` lie: their drawing changes with them."""
    if not spans:
        return set()
    bounds = article.sentences.values_list("position", "start", "end")
    return {
        position
        for position, low, high in bounds
        if any(start < high and end > low for start, end in spans)
    }


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
        # Hidden ones are not offered; sentences labelled with them still show their
        # names (from the revision) and colours (labels.css has every row).
        "labels": offered(article.project.labels.all()),
        "kinds": offered(article.project.source_kinds.all()),
        "rows": rows,
        "sent_back_rows": [row for row in rows if row.sent_back],
        "current": next((row for row in rows if row.sentence.position == current), None),
        "progress": queries.Progress(labelled=sum(f for _, f in flags), total=len(flags)),
        "form": form,
        "message": message,
        # Fragments sent after a write replace their elements by id, out of band.
        "oob": bool(request.htmx) and partial != "workspace",
    }
    template = page_template(request, "annotator/annotate.html", partial)
    return render(request, template, context, status=status)
