"""The projects a user belongs to, one project's articles, and the owners' import pages.

A full page and its htmx refresh come from the same view and context; only the template
name gains "#partial" (see page_template).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from annotator.forms import ImportForm
from annotator.http import HtmxRequest, SeeOther, page_template
from claims import flags, queries, queue, review_queue
from claims.imports.articles import ArticleFormatError, import_files
from claims.imports.jobs import describe_error, describe_report, job_status, owned_import_jobs
from claims.imports.tasks import submit_import
from claims.models import Article, Membership
from claims.team_progress import team_done_counts

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@login_required
@require_GET
def home(request: HtmxRequest) -> HttpResponse:
    projects = queries.projects_with_progress(request.user)
    return render(
        request, page_template(request, "annotator/home.html", "projects"), {"projects": projects}
    )


ARTICLES_PER_PAGE = 50
# "My progress": each annotator's own labels of an article's sentences.
SENT_BACK_LISTED = 20  # of the sentences reviewers sent back, on the project page
PROGRESS = {"todo": "Not started", "started": "Started", "done": "Done"}


@login_required
@require_GET
def project(request: HtmxRequest, slug: str) -> HttpResponse:
    """The project's articles, a page at a time: `?q=` searches titles, outlets and ids,
    `?progress=todo|started|done` narrows to the user's own progress, `?page=N`. The
    search form works without JavaScript; with it, typing refreshes the list in place."""
    # Gold counts are for those who review: unanimous gold would tell an annotator whether
    # the others labelled as they did.
    # Declared: through get_object_or_404 alone, the checker loses the annotations.
    project: queries.ProjectWithRole = get_object_or_404(
        queries.projects_for(request.user), slug=slug
    )
    if project.is_reviewer:
        project = review_queue.projects_with_gold(request.user).get(pk=project.pk)
    search = request.GET.get("q", "").strip()[:200]
    progress = request.GET.get("progress", "")
    # Paged over bare ids, so that counting and skipping cost no progress subqueries;
    # only the page's 50 articles get them.
    # Annotators of a blind project see only what the queue gave them.
    listed = queries.visible_to(Article.objects.filter(project=project), user=request.user)
    if search and "\x00" not in search:
        listed = listed.filter(
            Q(title__icontains=search)
            | Q(outlet__icontains=search)
            | Q(external_id__icontains=search)
        )
    # Counted only when there are more than are listed: mostly one query, or none found.
    waiting = flags.sent_back_to(annotator=request.user, project=project)
    sent_back = list(waiting[: SENT_BACK_LISTED + 1])
    sent_back_count = waiting.count() if len(sent_back) > SENT_BACK_LISTED else len(sent_back)
    if progress in PROGRESS:
        listed = queries.filter_by_progress(listed, user=request.user, progress=progress)
    ids = listed.order_by("pk").values_list("pk", flat=True)
    is_narrowed = bool(search) or progress in PROGRESS
    # Narrowed, the ids are read at once rather than counted and then sliced, which would
    # run the search and the progress join twice; a list of ints, even for every article.
    found = list(ids) if is_narrowed else ids
    page = Paginator(found, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    articles = queries.article_summaries(user=request.user, project=project)
    shown = list(articles.filter(pk__in=list(page.object_list)).order_by("pk"))
    if project.is_reviewer:
        # Reviewers mostly label nothing: their own "0 / 28" would hide that the team
        # finished the article, so they see how many of k annotators did (one query).
        done = team_done_counts(project=project, article_ids=[a.pk for a in shown])
        for article in shown:
            article.team_done = done.get(article.pk, 0)  # type: ignore[attr-defined]
    # Kept when paging: the search and the progress filter.
    kept = urlencode(
        {name: value for name, value in (("q", search), ("progress", progress)) if value}
    )
    context = {
        "project": project,
        "page": page,
        "articles": shown,
        "search": search,
        "progress": progress if progress in PROGRESS else "",
        "progress_choices": list(PROGRESS.items()),
        "kept": kept,
        "is_narrowed": is_narrowed,
        "has_articles": page.paginator.count > 0
        or queries.visible_to(Article.objects.filter(project=project), user=request.user).exists(),
        "queue_bound": queue.is_queue_bound(project=project, role=project.role),
        "sent_back": sent_back[:SENT_BACK_LISTED],
        "sent_back_count": sent_back_count,
    }
    return render(request, page_template(request, "annotator/project.html", "articles"), context)


@login_required
@require_GET
def next_article(request: HtmxRequest, slug: str) -> HttpResponse:
    """Annotators: to the article the queue hands them (claims/queue.py), claimed for them.
    Reviewers and owners, who are outside the queue: to the first article, in project
    order, with a sentence they have not labelled. Back to the project page, saying so,
    when there is none. A GET that claims: "Next" is a link and the `n` key follows it;
    repeating it resumes the same claim, so it is safe to repeat."""
    project: queries.ProjectWithRole = get_object_or_404(
        queries.projects_for(request.user), slug=slug
    )
    # What a reviewer sent back comes before new work.
    waiting = flags.sent_back_to(annotator=request.user, project=project).first()
    if waiting is not None:
        sentence = waiting.sentence
        url = reverse("annotate", args=[project.slug, sentence.article_id])
        return redirect(f"{url}?s={sentence.position}#sentence-{sentence.position}")
    if project.role == Membership.Role.ANNOTATOR:
        article = queue.next_article(project=project, annotator=request.user)
        if article is None:
            messages.info(
                request,
                "No more articles for you: every other article has all the annotators it needs.",
            )
            return redirect("project", slug=project.slug)
        return redirect("annotate", slug=project.slug, pk=article.pk)
    found = queries.next_article_id(user=request.user, project=project)
    if found is None:
        messages.info(request, "Every article is labelled.")
        return redirect("project", slug=project.slug)
    return redirect("annotate", slug=project.slug, pk=found)


@login_required
def import_articles(request: HtmxRequest, slug: str) -> HttpResponse:
    """Uploads up to IMPORT_IN_BACKGROUND_ABOVE bytes are imported now; bigger ones are
    stored for the worker, and the owner is sent to the job's page (import_job)."""
    project = get_object_or_404(queries.owned_projects(request.user), slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(file.name, file) for file in form.cleaned_data["files"]]
        options = {name: form.cleaned_data[name] for name in ("update", "title_line")}
        if sum(file.size for _, file in files) > settings.IMPORT_IN_BACKGROUND_ABOVE:
            job = submit_import(project=project, files=files, by=request.user, **options)
            return SeeOther(reverse("import_job", args=[project.slug, job.pk]))
        try:
            report = import_files(project=project, files=files, **options)
        except ArticleFormatError as error:
            form.add_error("files", describe_error(error))
        else:
            messages.success(request, describe_report(report))
            return SeeOther(reverse("project", args=[project.slug]))
    status = 422 if form.errors else 200
    return render(
        request, "annotator/import.html", {"project": project, "form": form}, status=status
    )


@login_required
@require_GET
def import_job(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    """A background import's progress, then its report or error; owners only. htmx polls
    it with the state it shows (`?seen=`): 204 while that has not changed, else the new
    fragment, which stops polling once the job has finished."""
    job = get_object_or_404(
        owned_import_jobs(request.user).select_related("project"), project__slug=slug, pk=pk
    )
    status = job_status(job=job)
    seen = f"{status.state}-{status.done}"
    if request.htmx and request.GET.get("seen") == seen:
        return HttpResponse(status=204)
    context = {"project": job.project, "job": job, "status": status, "seen": seen}
    if request.htmx:
        return render(request, "annotator/import_job.html#status", context)
    context["file_names"] = list(job.files.values_list("name", flat=True))  # not the bytes
    return render(request, "annotator/import_job.html", context)


@login_required
@require_GET
def label_styles(request: HtmxRequest, slug: str) -> HttpResponse:
    """The project's label and source kind colours (and kind tags) as CSS: our CSP forbids
    inline style attributes."""
    project = get_object_or_404(queries.projects_for(request.user), slug=slug)
    colours = [
        (label.key, label.colour if _COLOUR.fullmatch(label.colour) else "#777777")
        for label in project.labels.all()
    ]
    # Kind keys are slugs (a constraint), so they are safe inside CSS strings and selectors.
    kinds = [
        (
            kind.key,
            kind.colour if _COLOUR.fullmatch(kind.colour) else "#777777",
            kind.key.replace("_", " "),
        )
        for kind in project.source_kinds.all()
    ]
    response = render(
        request,
        "annotator/labels.css",
        {"colours": colours, "kinds": kinds},
        content_type="text/css",
    )
    patch_cache_control(response, private=True, max_age=300)
    return response
