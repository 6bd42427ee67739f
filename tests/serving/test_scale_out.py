"""Scale-out: two web processes and a task worker on one PostgreSQL database, as compose
runs them with more replicas. Nothing one process needs is kept in another's memory: a label
saved through one is read through the other, and the agreement interval the worker computes
reaches both (through the database cache)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from claims.annotations import record_label
from claims.tokens import create_token
from tests.serving.conftest import Server, entrypoint, needs_postgresql, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

AGREEMENT = "/projects/iraq/agreement/"


def test_two_web_processes_and_a_worker_share_one_database(
    collected_static, article, labels, alice, bob, rita
):
    background = {"TASKS_BACKEND": "database"}
    with (
        entrypoint("web", static_root=collected_static, **background) as first,
        entrypoint("web", static_root=collected_static, MIGRATE="false", **background) as second,
    ):
        sentence = article.sentences.get(position=1)
        auth = {"Authorization": f"Token {create_token(user=alice)}"}
        saved = first.send(
            "POST",
            "/api/v1/annotations/",
            body={"sentence": sentence.pk, "label": "claim", "based_on": 0},
            headers=auth,
        )
        assert saved.status == 201, saved.body
        seen = second.get(f"/api/v1/annotations/?sentence={sentence.pk}", auth).json()
        assert [(a["id"], a["label"]) for a in seen["results"]] == [(saved.json()["id"], "claim")]

        for person, keys in {alice: "caoc", bob: "cacc"}.items():
            for position, key in enumerate(keys):
                label = {"c": labels["claim"], "a": labels["attribution"], "o": labels["opinion"]}
                record_label(
                    sentence=article.sentences.get(position=position),
                    annotator=person,
                    label=label[key],
                )
        reviewer = Client()
        reviewer.force_login(rita)
        cookie = {"Cookie": f"sessionid={reviewer.cookies['sessionid'].value}"}
        page = first.get(AGREEMENT, cookie)
        assert page.status == 200
        assert b"Computing the 95% interval" in page.body  # enqueued, nobody has run it

        with entrypoint("worker", static_root=collected_static, **background):
            wait_until(lambda: _interval(second, cookie) is not None, what="the worker's interval")
        interval = _interval(first, cookie)
        assert interval is not None and "95% interval" in interval
        assert interval == _interval(second, cookie)


def _interval(server: Server, cookie: dict[str, str]) -> str | None:
    """The interval line the agreement page polls for, once the worker has stored it."""
    answer = server.get(AGREEMENT, cookie | {"HX-Request": "true"})
    assert answer.status == 200
    text = answer.body.decode()
    if "Computing the 95% interval" in text:
        return None
    line = re.search(r'<p id="interval"[^>]*>(.*?)</p>', text, re.S)
    assert line, text
    return line.group(1)
