"""The image's entrypoint and production settings, without the image: the script migrates
and serves with gunicorn, DEBUG off, static files from WhiteNoise."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from claims.tokens import create_token
from tests.serving.conftest import database_url, entrypoint, free_port, needs_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


@needs_postgresql
def test_the_web_role_migrates_and_serves_pages_and_static_files(collected_static, alice):
    with entrypoint("web", static_root=collected_static) as web:
        assert web.get("/healthz").json() == {"status": "ok"}
        assert web.get("/readyz").json() == {"status": "ok"}

        page = web.get("/login/")
        assert page.status == 200
        assert "Strict-Transport-Security" not in page.headers  # HTTPS=false: plain HTTP
        # The manifest storage's hashed name: collectstatic ran with DEBUG off.
        stylesheet = re.search(rb'href="(/static/annotator/app\.[0-9a-f]{12}\.css)"', page.body)
        assert stylesheet, page.body[:600]
        css = web.get(stylesheet.group(1).decode(), {"Accept-Encoding": "gzip"})
        assert css.status == 200
        assert css.headers["Content-Type"].startswith("text/css")
        assert css.headers["Content-Encoding"] == "gzip"  # WhiteNoise's compressed copy
        assert "immutable" in css.headers["Cache-Control"]

        token = create_token(user=alice)
        api = web.get("/api/v1/projects/", {"Authorization": f"Token {token}"})
        assert api.status == 200, api.body


@needs_postgresql
def test_a_kept_connection_the_database_closed_is_replaced_not_failed(collected_static, alice):
    """As after a database restart: each thread's connection is checked before reuse."""
    token = create_token(user=alice)
    auth = {"Authorization": f"Token {token}"}
    with entrypoint("web", static_root=collected_static) as web:
        assert all(web.get("/api/v1/projects/", auth).status == 200 for _ in range(4))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1  # the server's kept connections
        statuses = [web.get("/api/v1/projects/", auth).status for _ in range(4)]
    assert statuses == [200] * 4


@needs_postgresql
def test_the_web_role_waits_for_the_database_then_gives_up(collected_static):
    closed = database_url(port=free_port())  # nothing listens there
    with entrypoint(
        "web", static_root=collected_static, DATABASE_URL=closed, DB_WAIT_SECONDS="2", wait_for=""
    ) as web:
        assert web.process.wait(timeout=30) != 0
        assert "No database after 2 s" in web.output()
