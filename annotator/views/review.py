"""The reviewers' pages: disputed sentences, a gold label for each, and automatic gold.

Reviewers and owners only. Annotators get 404 here, exactly as non-members do: these pages
name every annotator beside their label, and annotators must not see each other's labels.
As on the annotate page, every write also works as a plain form post (303 on success).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from annotator.forms import AdjudicationForm, SendBackForm
from annotator.http import HtmxRequest, SeeOther
from claims import flags, review_queue
from claims.adjudication import (
    NotAReviewer,
    NothingToTake,
    StaleGold,
    adjudicate,
    refresh_automatic_gold,
)
from claims.models import Project, Sentence
from claims.revisions import SentenceGone

PAGE_SIZE = 50
STALE_MESSAGE = (
    "The gold label of this sentence changed while you had it open (another reviewer, or "
    "automatic gold). It now shows what is saved; choose a label again to override it."
)


@login_required
@require_GET
def queue(request: HtmxRequest, slug: str) -> HttpResponse:
    """The disputed sentences without a decision, most disputed first; `?show=decided`
    lists decided ones, newest first. `?s=<sentence id>` makes a sentence current (shown
    first if it is not on the page), `?page=N` pages."""
    project = _project_or_404(request, slug)
    return _queue_page(
        request,
        project,
        show=_show(request.GET),
        current=_sentence_id(request.GET.get("s", "")),
        page=request.GET.get("page"),
    )


@login_required
@require_POST
def decide(request: HtmxRequest, slug: str, sentence_id: int) -> HttpResponse:
    """Make the posted label the sentence's gold, or with `take_from` (a username) that
    annotator's whole annotation, label and attributions. htmx gets the changed sentence
    and the counts out of band; 409 if another reviewer decided meanwhile, 422 for bad
    input (an unknown annotator, or one with no label for the sentence)."""
    project = _project_or_404(request, slug)
    sentence = review_queue.sentence_to_review(project=project, pk=sentence_id)
    if sentence is None:
        raise Http404("No such sentence in this project.")
    form = AdjudicationForm(request.POST, project=project)
    show = _show(request.POST)
    if not form.is_valid():
        return _refused(request, project, sentence, form=form, show=show, status=422)
    try:
        gold = adjudicate(sentence=sentence, by=request.user, **form.cleaned_data)
    except NothingToTake as error:
        form.add_error("take_from", str(error))
        return _refused(request, project, sentence, form=form, show=show, status=422)
    except StaleGold:
        return _refused(request, project, sentence, form=form, show=show, status=409)
    except (NotAReviewer, SentenceGone) as error:
        # The role was taken away since the project was loaded, or an import replaced
        # the article's sentences: either way there is no such sentence to decide for them.
        raise Http404 from error
    if not request.htmx:
        taken = form.cleaned_data["take_from"]
        whose = f" ({taken}'s annotation)" if taken else ""
        messages.success(request, f"Gold label set: {gold.label.name}{whose}.")
        if show == "decided":  # stay with the changed decision
            return SeeOther(_queue_url(project, show=show, current=sentence.pk))
        return SeeOther(_queue_url(project))  # the first open sentence becomes current
    return _changed(request, project, sentence, show=show)


@login_required
@require_POST
def send_back(request: HtmxRequest, slug: str, sentence_id: int) -> HttpResponse:
    """Return the sentence to one of its annotators with a note (claims/flags.py): it goes
    to the top of their work. A plain form: 303 back to the sentence, or the page again
    with the form's errors (422)."""
    project = _project_or_404(request, slug)
    sentence = review_queue.sentence_to_review(project=project, pk=sentence_id)
    if sentence is None:
        raise Http404("No such sentence in this project.")
    form = SendBackForm(request.POST, project=project)
    show = _show(request.POST)
    if form.is_valid():
        annotator = form.cleaned_data["annotator"]
        try:
            flags.send_back(
                sentence=sentence,
                annotator=annotator,
                reviewer=request.user,
                note=form.cleaned_data["note"],
            )
        except flags.FlagError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Sent back to {annotator.username}.")
            return SeeOther(_queue_url(project, show=show, current=sentence.pk))
    return _queue_page(
        request, project, show=show, current=sentence.pk, send_back_form=form, status=422
    )


@login_required
@require_POST
def apply_automatic_gold(request: HtmxRequest, slug: str) -> HttpResponse:
    """Bring the project's automatic gold up to date (it never replaces a reviewer's)."""
    project = _project_or_404(request, slug)
    changed = refresh_automatic_gold(sentences=Sentence.objects.filter(article__project=project))
    messages.success(
        request,
        f"Automatic gold is up to date: {changed} sentence{pluralize(changed)} changed.",
    )
    return SeeOther(_queue_url(project))


def _project_or_404(request: HtmxRequest, slug: str) -> Project:
    projects = review_queue.projects_to_review(request.user).prefetch_related("labels")
    return get_object_or_404(projects, slug=slug)


def _show(data: QueryDict) -> str:
    return "decided" if data.get("show") == "decided" else "open"


def _sentence_id(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None


def _queue_url(project: Project, *, show: str = "open", current: int | None = None) -> str:
    url = reverse("review", args=[project.slug])
    query: dict[str, str | int] = {"show": "decided"} if show == "decided" else {}
    if current is None:
        return f"{url}?{urlencode(query)}" if query else url
    return f"{url}?{urlencode(query | {'s': current})}#item-{current}"


def _sentences(project: Project, show: str) -> QuerySet[Sentence]:
    if show == "decided":
        return review_queue.decided_sentences(project=project)
    return review_queue.open_disputes(project=project)


def _queue_page(
    request: HtmxRequest,
    project: Project,
    *,
    show: str,
    current: int | None = None,
    page: str | None = None,
    form: AdjudicationForm | None = None,
    send_back_form: SendBackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    paginator = Paginator(_sentences(project, show), PAGE_SIZE)
    listed = paginator.get_page(page)
    sentences = list(listed.object_list)
    if current is not None and current not in {sentence.pk for sentence in sentences}:
        # A sentence asked for by id (a link, or a refused post) is shown first.
        asked_for = review_queue.sentence_to_review(project=project, pk=current)
        sentences = [asked_for, *sentences] if asked_for else sentences
    labels = list(project.labels.all())
    rows = review_queue.review_rows(sentences=sentences, labels=labels)
    default = next((row for row in rows if not row.is_decided), rows[0] if rows else None)
    context = {
        "project": project,
        "labels": labels,
        "rows": rows,
        "current": next((row for row in rows if row.sentence.pk == current), default),
        "page": listed,
        "show": show,
        "open_count": paginator.count if show == "open" else _open_count(project),
        "form": form,
        "send_back_form": send_back_form,
        "form_for": current if form or send_back_form else None,
        "message": STALE_MESSAGE if status == 409 else "",
    }
    template = "annotator/review.html#review" if request.htmx else "annotator/review.html"
    return render(request, template, context, status=status)


def _open_count(project: Project) -> int:
    return review_queue.open_disputes(project=project).count()


def _refused(
    request: HtmxRequest,
    project: Project,
    sentence: Sentence,
    *,
    form: AdjudicationForm,
    show: str,
    status: int,
) -> HttpResponse:
    """A decision that was not saved: 409 (someone decided first) or 422 (bad input). The
    sentence shows what is saved now, with the reviewer's note kept; a plain post gets the
    whole page with that sentence current."""
    if not request.htmx:
        return _queue_page(
            request, project, show=show, current=sentence.pk, form=form, status=status
        )
    return _changed(request, project, sentence, show=show, form=form, status=status)


def _changed(
    request: HtmxRequest,
    project: Project,
    sentence: Sentence,
    *,
    show: str,
    form: AdjudicationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """For htmx: the sentence as saved now, the counts and the message, swapped out of band.
    After a refusal the page's script makes the sentence current again."""
    labels = list(project.labels.all())  # prefetched
    project = review_queue.projects_to_review(request.user).get(pk=project.pk)  # fresh counts
    context = {
        "project": project,
        "labels": labels,
        "row": review_queue.review_rows(sentences=[sentence], labels=labels)[0],
        "show": show,
        "open_count": _open_count(project),
        "form": form,
        "form_for": sentence.pk,
        "message": STALE_MESSAGE if status == 409 else "",
        "oob": True,
    }
    template = "annotator/review.html#" + ("decide-form" if status == 422 else "changed")
    response = render(request, template, context, status=status)
    if status != 200:
        trigger_client_event(response, "review:refused", {"sentence": sentence.pk}, after="settle")
    return response
