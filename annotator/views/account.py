"""The user's account page: their REST API token."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from annotator.http import HtmxRequest
from claims.tokens import current_token, rotate_token


@never_cache  # the page may show a token, which no cache should keep
@login_required
@require_http_methods(["GET", "POST"])
def account(request: HtmxRequest) -> HttpResponse:
    """GET shows whether the user has a token; POST creates or replaces it and shows the new
    one, this once (only its hash is stored). It is not redirected: reloading would otherwise
    display the token again from a stored page; a browser asks before posting again instead."""
    new_token = rotate_token(user=request.user) if request.method == "POST" else None
    context = {
        "new_token": new_token,
        "token": current_token(user=request.user),
        "api_url": request.build_absolute_uri(reverse("api:project-list")),
    }
    return render(request, "annotator/account.html", context)
