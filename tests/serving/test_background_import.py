"""A big upload as production runs it: the web process stores it, a `db_worker` in another
process imports it, and the page shows how far it got before it is done; a worker killed
halfway leaves nothing imported and a job the page calls stalled."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import uuid

import pytest
from django.test import Client

from claims.models import Article, ImportJob
from tests.serving.conftest import Server, entrypoint, needs_postgresql, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

ARTICLES = 800
TEXT = " ".join(
    f"Sentence {n} of the story, as Mr. Smith told reporters on Monday." for n in range(8)
)


def big_upload() -> bytes:
    return "".join(
        json.dumps({"id": f"a{n}", "text": f"{TEXT} Article {n}."}) + "\n" for n in range(ARTICLES)
    ).encode()


def post_upload(server: Server, cookie: str, path: str, content: bytes) -> tuple[int, str]:
    form = server.get(path, {"Cookie": cookie})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    csrf = re.search(r"csrftoken=([^;]+)", form.headers.get("Set-Cookie", ""))
    assert token and csrf, form.status
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token.group(1).decode()}\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="files"; filename="big.jsonl"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Host": "127.0.0.1",
                "Cookie": f"{cookie}; csrftoken={csrf.group(1)}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def test_a_worker_imports_a_big_upload_and_the_page_follows_it(collected_static, project, owen):
    background = {"TASKS_BACKEND": "database", "IMPORT_IN_BACKGROUND_ABOVE": "1000"}
    owner = Client()
    owner.force_login(owen)
    cookie = f"sessionid={owner.cookies['sessionid'].value}"
    with entrypoint("web", static_root=collected_static, **background) as web:
        status, job_page = post_upload(web, cookie, "/projects/iraq/import/", big_upload())
        assert status == 303 and re.fullmatch(r"/projects/iraq/import/\d+/", job_page)
        assert b"Waiting for a worker" in web.get(job_page, {"Cookie": cookie}).body

        seen: list[str] = []

        def finished() -> bool:
            fragment = web.get(job_page, {"Cookie": cookie, "HX-Request": "true"}).body.decode()
            seen.append(fragment)
            return "hx-trigger" not in fragment

        with entrypoint("worker", static_root=collected_static, **background):
            wait_until(finished, what="the finished import", seconds=180)

    counts = [re.search(rf"(\d+) of {ARTICLES} articles", page) for page in seen]
    partway = {int(m.group(1)) for m in counts if m} - {0, ARTICLES}
    assert partway, "no progress seen before the end"
    assert f"Imported {ARTICLES} articles ({ARTICLES} new, 0 updated)" in seen[-1]
    assert Article.objects.filter(project=project).count() == ARTICLES
    assert ImportJob.objects.get().state == "done"


def test_a_worker_killed_mid_import_leaves_no_articles_and_a_stalled_job(
    collected_static, project, owen
):
    background = {"TASKS_BACKEND": "database", "IMPORT_IN_BACKGROUND_ABOVE": "1000"}
    owner = Client()
    owner.force_login(owen)
    cookie = {"Cookie": f"sessionid={owner.cookies['sessionid'].value}"}
    with entrypoint(
        "web", static_root=collected_static, IMPORT_STALLED_AFTER="2", **background
    ) as web:
        _, job_page = post_upload(web, cookie["Cookie"], "/projects/iraq/import/", big_upload())
        with entrypoint("worker", static_root=collected_static, **background) as worker:
            wait_until(lambda: ImportJob.objects.get().done > 0, what="progress", server=worker)
            os.killpg(worker.process.pid, signal.SIGKILL)  # as a container killed for memory
            worker.process.wait()
        wait_until(
            lambda: "worker may have stopped" in web.get(job_page, cookie).body.decode(),
            what="stalled",
        )
    assert (ImportJob.objects.get().state, Article.objects.count()) == ("running", 0)
