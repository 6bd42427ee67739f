"""What the web door's views share: the request type django-htmx gives, the redirect after a
form post, and two middlewares: one keeps responses out of shared caches, the other answers
an htmx request whose session has ended."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django_htmx.middleware import HtmxDetails

LOGGED_OUT = "You are logged out. Log in again, then resend your unsaved changes."


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


def logged_out_htmx_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Answer 401 instead of login_required's redirect to the login page, for htmx only.

    The browser follows a redirect before htmx sees it, so htmx would get the login page as a
    200 and the page's script could not tell a lost change from a saved one. 401 is an error
    htmx does not swap: the page keeps the unsaved change on screen and says so. No HX-Redirect
    either: navigating away would throw that change away. Plain requests (JavaScript off) are
    still redirected to the login page with ?next=.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(request, "htmx", False) and _is_login_redirect(request, response):
            response = HttpResponse(LOGGED_OUT, status=401, content_type="text/plain")
            # RFC 9110 asks a 401 for a challenge. No browser knows this scheme, so none
            # opens a password prompt: the credentials go through the login page.
            response["WWW-Authenticate"] = 'Session realm="annotator"'
        return response

    return middleware


def _is_login_redirect(request: HttpRequest, response: HttpResponse) -> bool:
    if not isinstance(response, HttpResponseRedirect) or request.user.is_authenticated:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
