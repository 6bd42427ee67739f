from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for type hints only).

    Only for views behind @login_required, as all of ours are but the login page: `user`
    is then a User, never AnonymousUser.
    """

    htmx: HtmxDetails
    user: User
