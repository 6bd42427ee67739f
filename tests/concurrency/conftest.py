"""Real parallel requests against a live server on PostgreSQL.

Each test starts requests in threads released by one barrier, so they reach the server at
the same moment; the server (pytest-django's live_server) answers each in its own thread
and database connection. SQLite takes one writer at a time by design, so these tests are
about PostgreSQL, the production store, which CI runs them on.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="concurrent writers need PostgreSQL (SQLite allows one writer at a time)",
)


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def send_at_once(requests: list[Callable[[], Answer]]) -> list[Answer]:
    """Run every request in its own thread, all released together; their answers in order."""
    barrier = threading.Barrier(len(requests))
    answers: list[Answer | None] = [None] * len(requests)

    def run(index: int) -> None:
        barrier.wait()
        answers[index] = requests[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(answer is not None for answer in answers), "a request did not finish"
    return answers  # type: ignore[return-value]


def call(opener: urllib.request.OpenerDirector, request: urllib.request.Request) -> Answer:
    try:
        with opener.open(request, timeout=20) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        body = {"html": raw.decode()}
    return Answer(status, body)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 303 after a form post is the answer itself


@pytest.fixture
def browser_session(live_server):
    """session(user) -> (opener, headers) that post forms as `user`, as a browser would: the
    session and CSRF cookies, and the CSRF token the page hands to htmx. Each its own
    client: logging a second person in on one client would end the first one's session."""

    def session_for(user) -> tuple[urllib.request.OpenerDirector, dict[str, str]]:
        client = Client()
        client.force_login(user)
        opener = urllib.request.build_opener(NoRedirects())
        session = f"sessionid={client.cookies['sessionid'].value}"
        request = urllib.request.Request(live_server.url + "/", headers={"Cookie": session})
        with opener.open(request, timeout=20) as response:
            page = response.read().decode()
            csrf_cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
        headers = {
            "Cookie": f"{session}; csrftoken={csrf_cookie}",
            "X-CSRFToken": token,
            "Referer": live_server.url + "/",
        }
        return opener, headers

    return session_for


@pytest.fixture
def make_sentences(project):
    """make_sentences(n): n fresh sentences of a new article of `project`."""
    from claims.models import Article, Sentence

    def make(count: int) -> list[Sentence]:
        text = " ".join(f"Sentence {number}." for number in range(count))
        article = Article.objects.create(
            project=project, external_id=f"race-{count}", text=text, segmenter="manual"
        )
        starts = [text.index(f"Sentence {number}.") for number in range(count)]
        return Sentence.objects.bulk_create(
            Sentence(article=article, position=n, start=s, end=s + len(f"Sentence {n}."))
            for n, s in enumerate(starts)
        )

    return make
