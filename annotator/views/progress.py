"""The team's progress: per annotator, per article, and the project overall.

Reviewers and owners see everyone. In a blind project annotators must not learn the
others' names, counts or agreement, so they get the same page with their own row only.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotator.http import HtmxRequest, page_template
from claims import queries, team_progress
from claims.team_progress_cache import stored_team_progress

ARTICLES_PER_PAGE = 50


@login_required
@require_GET
def progress(request: HtmxRequest, slug: str) -> HttpResponse:
    """`?show=all|incomplete|done` narrows the articles by whether k annotators finished
    them; `?page=N` pages them. htmx gets the article list only."""
    project: queries.ProjectWithRole = get_object_or_404(
        queries.projects_for(request.user), slug=slug
    )
    if not project.is_reviewer:
        own = team_progress.own_progress(project=project, user=request.user)
        context = {"project": project, "team": own, "is_own": True}
        return render(request, "annotator/progress.html", context)
    show = request.GET.get("show", "all")
    show = show if show in team_progress.ARTICLE_FILTERS else "all"
    team, ids = stored_team_progress(project=project, show=show)
    page = Paginator(ids, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "team": team,
        "page": page,
        "articles": team_progress.article_rows(project=project, article_ids=list(page.object_list)),
        "show": show,
        "show_choices": list(team_progress.ARTICLE_FILTERS.items()),
        "kept": f"show={show}" if show != "all" else "",
    }
    return render(request, page_template(request, "annotator/progress.html", "articles"), context)
