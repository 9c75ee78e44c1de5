"""Response headers: a Content-Security-Policy without inline script, a Permissions-Policy everywhere, and no
caching of anything a logged-in user is shown (pages, the plan PDF, the access-log CSV); static files stay
cacheable."""

import base64
import hashlib
import re

import pytest
from django.conf import settings

from safetyplans import services as plan_services
from tests.helpers import ROOT

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _not_cached(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.fixture
def plan(a_case, worker):
    return plan_services.plan_start(case=a_case, by=worker)


def test_the_case_page_has_a_policy_without_inline_script(client, worker, a_case):
    client.force_login(worker)
    response = client.get(f"/casussen/{a_case.pk}/")
    policy = _policy(response)

    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    # htmx is told not to inject its own <style> element, which the policy would refuse.
    assert '"includeIndicatorStyles": false' in response.content.decode()


def test_the_login_page_has_the_policy_and_the_permissions_policy_too(client):
    response = client.get("/account/inloggen/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_every_response_has_a_permissions_policy(client, worker, a_case):
    client.force_login(worker)
    for url in (f"/casussen/{a_case.pk}/", "/static/css/zicht.css", "/health/"):
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, (url, feature)


def test_case_pages_the_plan_pdf_and_the_csv_export_are_never_cached(
    client, worker, a_case, plan, privacy_officer, reauthenticate
):
    client.force_login(worker)
    for url in (
        f"/casussen/{a_case.pk}/",
        f"/veiligheidsplan/{plan.pk}/pdf/",
        f"/veiligheidsplan/{plan.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _not_cached(response), (url, response.get("Cache-Control"))

    client.force_login(privacy_officer)
    reauthenticate()
    export = client.get("/account/inzagelog/export.csv", {"case_number": a_case.number})
    assert export["Content-Type"].startswith("text/csv")
    assert _not_cached(export), export.get("Cache-Control")


def test_static_files_stay_cacheable_for_a_logged_in_user(client, worker):
    client.force_login(worker)
    response = client.get("/static/css/zicht.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


def test_the_print_preview_style_sheet_carries_the_nonce_of_the_policy(client, worker, plan):
    client.force_login(worker)
    response = client.get(f"/veiligheidsplan/{plan.pk}/afdrukvoorbeeld/")
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in _policy(response)["style-src"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_bare_500_page_style_is_allowed_by_its_hash():
    page = (ROOT / "templates" / "500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]


def test_no_template_has_inline_script_or_event_handlers():
    """Keep it so: the policy would block them. Scripts come from static files. (Templates under a pdf/
    folder are only ever read by WeasyPrint, so style attributes are theirs to use.)"""
    found = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                found.append(f"{template}: {tag}")
        found += [f"{template}: {m}" for m in re.findall(r"\son[a-z]+=[\"']", text)]
        if "pdf" not in template.parent.parts:
            found += [f"{template}: {m}" for m in re.findall(r"\sstyle=[\"']", text)]
        found += [f"{template}: {m}" for m in re.findall(r"hx-on[:-]|javascript:", text)]
    assert not found, "\n".join(found)


def test_the_apis_answers_are_never_cached(client):
    """An API client is no logged-in user, and its answers hold case data all the same."""
    response = client.get("/api/v1/meldingen/VT-1", headers={"Authorization": "Bearer zicht_wrong"})
    assert response.status_code == 401
    assert _not_cached(response), response.get("Cache-Control")
