"""What the web door's views share: the request type django-htmx gives, and the redirect
after a form post."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseRedirect
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
