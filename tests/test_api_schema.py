"""The API keeps to its own OpenAPI document (issue 18): schemathesis against the document the app serves.

Schemathesis reads /api/v1/openapi.json from the Django WSGI application itself, generates requests for every
operation from it and sends them to the same application, on the real PostgreSQL database (pytest-django's
test transaction), with the token of an intake client. Checked: no 5xx, every status code and every body as
the document describes them. The document kept in the repository must be the one served.
"""

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from api.management.commands.api_schema import DOCUMENT, openapi_text
from config.wsgi import application
from tests import factories

SERVED = "/api/v1/openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def app_in_test_transaction():
    """The WSGI application, on the test's database connection.

    Django closes its connection around each request (close_old_connections), which would end the test's
    transaction; its own test client holds the signal off the same way during a request.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def intake_ready(db, settings, api_client, oost):
    """An intake client, and a municipality (GM0479, Zaanstad) whose handovers go to Team Zaandam-Oost."""
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000  # the rate limit has its own tests (test_api_auth.py)
    cache.clear()
    zaanstad = factories.municipality()
    zaanstad.handover_team = oost
    zaanstad.save(update_fields=["handover_team"])
    return api_client


# Read from the application when this module is collected: the document as served, not the copy on disk.
schema = schemathesis.openapi.from_wsgi(SERVED, application)


@schema.parametrize()
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,  # no example database written into the repository
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_document_says(case, app_in_test_transaction, intake_ready):
    case.call_and_validate(headers=intake_ready.headers, checks=CHECKS)


def test_the_document_is_openapi_3_1_and_open_to_all(client):
    response = client.get(SERVED)  # no token: the chain reads it before it has one
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1.")
    assert document["components"]["securitySchemes"]["ClientToken"] == {"type": "http", "scheme": "bearer"}
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert operations and all(op.get("security") == [{"ClientToken": []}] for op in operations)
    for operation in operations:
        assert {"401", "429"} <= set(operation["responses"]), operation.get("operationId")


def test_the_document_in_the_repository_is_the_one_served(client):
    served = client.get(SERVED).json()
    kept = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.exists() else ""
    assert kept == openapi_text(served), (
        f"{DOCUMENT.relative_to(DOCUMENT.parents[2])} differs from {SERVED}. Regenerate it with:\n"
        "    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py api_schema\n"
        "and commit the result."
    )
    assert json.loads(kept) == served
