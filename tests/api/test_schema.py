import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema() -> dict:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")


def test_every_operation_has_a_description(schema):
    assert [name for name, op in operations(schema) if not op.get("description")] == []


@pytest.mark.parametrize("status", ["401", "404", "429"])
def test_every_operation_documents_the_error(schema, status):
    assert [name for name, op in operations(schema) if status not in op["responses"]] == []


def test_schema_is_served(client, db):  # db: the throttle counts in the database cache
    assert client.get("/api/v1/schema/").status_code == 200


def test_docs_page_loads_swagger_ui_from_our_static_files(client, db):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html


def test_docs_page_has_no_inline_script(client, db):
    html = client.get("/api/v1/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_docs_script_is_served_as_a_file(client, db):
    response = client.get("/api/v1/docs/", {"script": ""})
    assert response["Content-Type"].startswith("application/javascript")


def test_the_agreement_resample_choice_is_documented(schema):
    operation = schema["paths"]["/api/v1/projects/{slug}/agreement/"]["get"]
    resample = next(p for p in operation["parameters"] if p["name"] == "resample")
    assert (resample["schema"]["enum"], resample["schema"]["default"]) == (
        ["articles", "sentences"],
        "articles",
    )
