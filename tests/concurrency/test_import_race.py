"""A label saved while an owner re-imports the same article with update: whichever comes
first wins, and the other is refused with a message, never a 500."""

from __future__ import annotations

import io
import json
import urllib.request

import pytest
from django.db import connection

from claims.imports.articles import ArticleFormatError, import_article, import_files
from claims.tokens import rotate_token
from tests.concurrency.conftest import Answer, call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
ROUNDS = 20


def _reimport(project, external_id: str, text: str):
    def run() -> Answer:
        line = json.dumps({"id": external_id, "text": text}) + "\n"
        try:
            import_files(
                project=project, files=[("a.jsonl", io.BytesIO(line.encode()))], update=True
            )
        except ArticleFormatError as error:
            return Answer(400, {"detail": str(error)})
        finally:
            connection.close()  # this thread's connection, not the test's
        return Answer(200, {})

    return run


def _label(live_server, token: str, sentence_id: int):
    def run() -> Answer:
        body = json.dumps({"sentence": sentence_id, "label": "claim", "based_on": 0}).encode()
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        request = urllib.request.Request(live_server.url + "/api/v1/annotations/", body, headers)
        return call(urllib.request.build_opener(), request)

    return run


def test_a_label_racing_a_reimport_is_saved_or_refused_never_a_500(live_server, project, alice):
    token = rotate_token(user=alice)
    statuses = set()
    for number in range(ROUNDS):
        article = import_article(project=project, external_id=f"r{number}", text="One. Two.")
        sentence = article.sentences.first()
        answers = send_at_once(
            [
                _reimport(project, f"r{number}", "New one. New two."),
                _label(live_server, token, sentence.pk),
            ]
        )
        statuses |= {answer.status for answer in answers}
    assert statuses <= {200, 201, 400, 404}
