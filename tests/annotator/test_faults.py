"""handler500: a database fault is 503 with Retry-After, any other error keeps the 500 page.
(Through a real server with the database down: tests/serving/test_faults.py.)"""

import json

import pytest
from django.db import InterfaceError, OperationalError

from annotator.faults import RETRY_AFTER_SECONDS, server_error_or_unavailable


def _answer_to(error: Exception, request):
    try:
        raise error
    except Exception:  # handler500 is called while Django handles the exception
        return server_error_or_unavailable(request)


@pytest.mark.parametrize("error", [OperationalError("timeout"), InterfaceError("closed")])
def test_a_database_fault_is_503_as_json_for_the_api_and_a_page_for_people(rf, error):
    api = _answer_to(error, rf.get("/api/v1/projects/"))
    assert api.status_code == 503
    assert api["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "not answering" in json.loads(api.content)["detail"]
    page = _answer_to(error, rf.get("/projects/iraq/"))
    assert page.status_code == 503
    assert page["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "The database is not answering" in page.content.decode()


def test_any_other_error_keeps_the_500_page(rf):
    response = _answer_to(ValueError("a bug"), rf.get("/projects/iraq/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert not response.has_header("Retry-After")
