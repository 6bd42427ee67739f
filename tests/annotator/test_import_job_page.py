"""Uploads above IMPORT_IN_BACKGROUND_ABOVE go to the worker (here the immediate backend,
which runs the job inline) and to a page that follows the job."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from claims.imports.jobs import run_import_job, store_import_job
from claims.models import Article, ImportJob


def import_url(project):
    return reverse("import_articles", args=[project.slug])


def job_url(job):
    return reverse("import_job", args=[job.project.slug, job.pk])


def articles(count: int, *, bad_at: int | None = None) -> bytes:
    return "".join(
        json.dumps({"id": f"a{n}", "text": "" if n == bad_at else f"Article {n}."}) + "\n"
        for n in range(count)
    ).encode()


def upload(content: bytes, name: str = "big.jsonl") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def low_threshold(settings):
    settings.IMPORT_IN_BACKGROUND_ABOVE = 100


@pytest.fixture
def pending(project, owen) -> ImportJob:
    files = [("big.jsonl", io.BytesIO(articles(3)))]
    return store_import_job(project=project, files=files, update=False, by=owen)


def test_a_small_upload_is_imported_during_the_request(client, owen, project, low_threshold):
    client.force_login(owen)
    response = client.post(import_url(project), {"files": [upload(articles(1))]})
    assert (response.url, ImportJob.objects.count()) == (reverse("project", args=["iraq"]), 0)


def test_a_big_upload_goes_to_its_job_page(client, owen, project, low_threshold):
    client.force_login(owen)
    response = client.post(import_url(project), {"files": [upload(articles(10))]})
    assert (response.status_code, response.url) == (303, job_url(ImportJob.objects.get()))


def test_a_big_upload_is_imported_and_its_page_says_so(client, owen, project, low_threshold):
    client.force_login(owen)
    page = client.post(import_url(project), {"files": [upload(articles(10))]}, follow=True)
    assert b"Imported 10 articles (10 new, 0 updated), 10 sentences." in page.content


def test_a_big_upload_with_a_bad_record_imports_nothing(client, owen, project, low_threshold):
    client.force_login(owen)
    page = client.post(
        import_url(project), {"files": [upload(articles(10, bad_at=9))]}, follow=True
    )
    assert "big.jsonl line 10: field &#x27;text&#x27; is empty. Nothing was imported." in (
        page.content.decode()
    )
    assert not Article.objects.exists()


def test_the_job_page_of_a_pending_job_offers_a_refresh_link(client, owen, pending):
    client.force_login(owen)
    page = client.get(job_url(pending)).content.decode()
    assert "Waiting for a worker" in page and f'href="{job_url(pending)}">Refresh' in page


def test_the_job_page_polls_while_the_job_is_not_finished(client, owen, pending):
    client.force_login(owen)
    assert b'hx-trigger="every 1s"' in client.get(job_url(pending)).content


@pytest.mark.parametrize("person", ["alice", "rita", "olga"])
def test_only_owners_see_a_job(client, request, person, pending):
    client.force_login(request.getfixturevalue(person))
    assert client.get(job_url(pending)).status_code == 404


def test_the_poll_answers_204_while_nothing_changed(client, owen, pending):
    client.force_login(owen)
    response = client.get(job_url(pending), {"seen": "pending-0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204


def test_the_poll_answers_the_fragment_when_the_job_moved(client, owen, pending):
    ImportJob.objects.filter(pk=pending.pk).update(state="running", total=3, done=2)
    client.force_login(owen)
    response = client.get(job_url(pending), {"seen": "pending-0"}, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<section id="import-status"')
    assert "2 of 3 articles" in response.content.decode()


def test_the_fragment_of_a_finished_job_stops_polling(client, owen, pending):
    run_import_job(job_id=pending.pk)
    client.force_login(owen)
    response = client.get(job_url(pending), {"seen": "running-2"}, HTTP_HX_REQUEST="true")
    assert b"Imported 3 articles" in response.content and b"hx-trigger" not in response.content


def test_the_job_page_names_the_files_in_few_queries(
    client, owen, pending, django_assert_max_num_queries
):
    client.force_login(owen)
    with django_assert_max_num_queries(6):
        page = client.get(job_url(pending))
    assert b"<code>big.jsonl</code>" in page.content


def test_a_job_without_progress_for_long_is_shown_as_stalled(client, owen, pending, settings):
    settings.IMPORT_STALLED_AFTER = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    ImportJob.objects.filter(pk=pending.pk).update(
        state="running", started_at=long_ago, heartbeat_at=long_ago
    )
    client.force_login(owen)
    assert b"the worker may have stopped" in client.get(job_url(pending)).content
