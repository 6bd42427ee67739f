"""A database that is down, silent or too slow: requests get 503 with Retry-After within
the configured timeouts (JSON for the API, a short page for people), never a hang or a 500.
Production settings through the real server, as in the image."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connection, transaction

from annotator.faults import RETRY_AFTER_SECONDS
from claims.tokens import KEY_BYTES, create_token
from tests.serving.conftest import (
    Server,
    database_url,
    entrypoint,
    free_port,
    needs_postgresql,
)

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

GUNICORN = "gunicorn -c gunicorn.conf.py"  # the web role without its wait for the database
A_TOKEN = {"Authorization": "Token " + "ab" * KEY_BYTES}  # shaped like one: looked up
CSRF = "c" * 32  # a CSRF secret, as its cookie holds it; the header may send it unmasked
SESSION = "s" * 32  # shaped like a session key: looked up


@pytest.fixture
def silent_database() -> Iterator[int]:
    """A port that accepts connections and then says nothing, like a frozen server."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for held_socket in held:
        held_socket.close()
    listener.close()


def assert_unavailable(server: Server) -> None:
    ready = server.get("/readyz")
    assert ready.status == 503
    assert ready.json()["status"] == "unavailable"

    api = server.get("/api/v1/projects/", A_TOKEN)
    assert api.status == 503, api.body
    assert api.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "not answering" in api.json()["detail"]

    # A session to look up: the page needs the database for who is asking.
    page = server.get("/projects/iraq/", {"Cookie": f"sessionid={SESSION}"})
    assert page.status == 503
    assert page.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert page.headers["Content-Type"].startswith("text/html")
    assert b"The database is not answering" in page.body
    assert b"Traceback" not in page.body and len(page.body) < 2000

    # A keystroke's save from the annotate page: 503, which its script lists as not saved.
    save = server.send(
        "POST",
        "/projects/iraq/articles/1/label/",
        headers={
            "Cookie": f"sessionid={SESSION}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=None,
    )
    assert save.status == 503


def test_a_database_that_is_down_answers_503_at_once(collected_static):
    down = database_url(port=free_port())  # nothing listens there
    with entrypoint(GUNICORN, static_root=collected_static, DATABASE_URL=down,
                    wait_for="/healthz") as web:  # fmt: skip
        started = time.monotonic()
        assert_unavailable(web)
        assert time.monotonic() - started < 5


def test_a_silent_database_answers_503_after_the_connect_timeout(collected_static, silent_database):
    silent = database_url(port=silent_database)
    with entrypoint(
        GUNICORN,
        static_root=collected_static,
        DATABASE_URL=silent,
        DB_CONNECT_TIMEOUT="2",
        wait_for="/healthz",
    ) as web:
        started = time.monotonic()
        answer = web.get("/api/v1/projects/", A_TOKEN)
        waited = time.monotonic() - started
    assert answer.status == 503
    assert answer.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert 1.5 < waited < 6, waited  # libpq's connect_timeout, not a hang


def test_a_statement_past_the_timeout_answers_503(collected_static, alice, sentence):
    token = create_token(user=alice)
    auth = {"Authorization": f"Token {token}"}
    with entrypoint("web", static_root=collected_static, DB_STATEMENT_TIMEOUT="1") as web:
        assert web.get("/api/v1/annotations/", auth).status == 200
        # Another session holds the table, as a long migration or a stuck job would.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("LOCK TABLE claims_annotation IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            stuck = web.get("/api/v1/annotations/", auth)
            waited = time.monotonic() - started
        assert stuck.status == 503, stuck.body
        assert stuck.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert 0.9 < waited < 4, waited
        assert web.get("/api/v1/annotations/", auth).status == 200  # and back at once
