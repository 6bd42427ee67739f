"""What the web door's views share: the request type django-htmx gives, the redirect
after a form post, and the middleware that keeps responses out of shared caches."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for type hints only).

    Only for views behind @login_required, as all of ours are but the login page: `user`
    is then a User, never AnonymousUser.
    """

    htmx: HtmxDetails
    user: User


class SeeOther(HttpResponseRedirect):
    # After a form post the browser must GET the page, never re-post.
    status_code = 303


def page_template(request: HtmxRequest, template: str, partial: str) -> str:
    """`template`, or only its `partial` for an htmx request: one view serves both."""
    return f"{template}#{partial}" if request.htmx else template


class PrivateByDefault:
    """Middleware: a response that does not say how it may be cached gets `Cache-Control:
    private, no-store`. Nearly every page and API answer shows one user's labels, and a
    shared proxy, or the back button on a shared computer, must not show them to another.
    A view that knows better (the label colours' CSS) sets its own header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
