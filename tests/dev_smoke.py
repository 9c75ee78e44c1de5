"""Run by tests/test_dev_smoke.py in a child process with the dev settings (SQLite, file broker).

Logs in as each demo user through the login form and opens the main pages of their role, with
ids looked up in the demo data. Prints one line per page; exits non-zero on the first page that
does not render (in Dutch, or as a PDF where a PDF is asked for).
"""

import sys

import django

django.setup()

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from cases.access import cases_visible_to  # noqa: E402
from safetyplans.models import SafetyPlan  # noqa: E402


def case_pages(username: str, *, notes: bool = True) -> list[str]:
    user = User.objects.get(username=username)
    visible = cases_visible_to(user)
    case = visible.order_by("pk").first()
    plan = SafetyPlan.objects.filter(case__in=visible, state="agreed").first()
    pages = ["/casussen/", "/casussen/zoeken/?q=a", f"/casussen/{case.pk}/"]
    if notes:  # the Veilig Thuis monitor does not read the workers' notes, the meldcode record included
        pages.append(f"/casussen/{case.pk}/meldcode/")
    pages += [f"/veiligheidsplan/casus/{case.pk}/", f"/overdrachten/casus/{case.pk}/"]
    if plan is not None:
        pages += [f"/veiligheidsplan/{plan.pk}/", f"/veiligheidsplan/{plan.pk}/afdrukvoorbeeld/"]
        pages += [f"/veiligheidsplan/{plan.pk}/pdf/"]
    return pages


def table_pages(username: str) -> list[str]:
    """The Beschermtafel: the chair's inbox, meetings, a submission and an outcome; a member's meeting."""
    from tables.access import meetings_visible_to, submissions_visible_to
    from tables.models import Outcome

    user = User.objects.get(username=username)
    meeting = meetings_visible_to(user).order_by("-date").first()
    submission = submissions_visible_to(user).order_by("pk").first()
    pages = ["/beschermtafel/vergaderingen/", f"/beschermtafel/vergadering/{meeting.pk}/"]
    pages.append(f"/beschermtafel/aanmelding/{submission.pk}/")
    if username == "voorzitter":
        outcome = Outcome.objects.order_by("pk").first()
        pages += ["/beschermtafel/", "/beschermtafel/vergaderingen/nieuw/"]
        pages += [f"/beschermtafel/uitkomst/{outcome.pk}/", f"/beschermtafel/uitkomst/{outcome.pk}/brief.pdf"]
    return pages


def privacy_pages() -> list[str]:
    """A family's request and a file waiting for destruction review, as the demo has them."""
    from privacy.models import DestructionReview, RightsRequest

    request = RightsRequest.objects.order_by("pk").first()
    review = DestructionReview.objects.filter(status="pending").order_by("pk").first()
    return [f"/privacy/verzoeken/{request.pk}/", f"/privacy/vernietiging/{review.pk}/"]


def report_of_this_quarter() -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return f"/rapportages/?period=quarter&year={today.year}&quarter={(today.month - 1) // 3 + 1}&days=28"


# Main pages per demo user; later features add theirs here.
PAGES = {
    "jeugdprofessional": lambda: [
        "/",
        "/casussen/nieuw/",
        "/overdrachten/inbox/",
        *case_pages("jeugdprofessional"),
    ],
    "teamleider": lambda: [
        "/",
        "/casussen/team/",
        "/casussen/signalen/",
        "/casussen/signalen/lijst/?rule=OV-01",
        "/casussen/signalen/regels/OV-01/",
        "/overdrachten/inbox/",
        "/rapportages/",
        *case_pages("teamleider"),
    ],
    "veiligthuis": lambda: [
        "/",
        "/overdrachten/",
        "/overdrachten/nieuw/",
        "/overdrachten/monitoring/",
        *case_pages("veiligthuis", notes=False),
    ],
    "voorzitter": lambda: ["/", "/casussen/wie-mag-wat/", *table_pages("voorzitter")],
    "tafellid": lambda: ["/", *table_pages("tafellid")],
    "jeugdbeschermer": lambda: ["/", *case_pages("jeugdbeschermer")],
    "raadsonderzoeker": lambda: ["/", *case_pages("raadsonderzoeker")],
    "beheerder": lambda: [
        "/",
        "/beheer/",
        "/beheer/accounts/user/",
        "/beheer/accounts/team/",
        "/beheer/accounts/municipality/",
    ],
    "privacy": lambda: [
        "/",
        "/account/inzagelog/?case_number=Z-2026-00001",
        "/privacy/",
        "/privacy/vernietiging/",
        "/privacy/bewaren/",
        "/privacy/vernietigd/",
        *privacy_pages(),
    ],
    # The report of the teams serving Zaanstad over the past year (the demo year), on SQLite too.
    "gemeente": lambda: ["/", "/rapportages/", report_of_this_quarter()],
}


def main() -> int:
    for username, pages in PAGES.items():
        client = Client()
        response = client.post("/account/inloggen/", {"username": username, "password": "demo"})
        if response.status_code != 302:
            print(f"FAIL login {username}: {response.status_code}")
            return 1
        for page in pages():
            response = client.get(page)
            pdf = response.get("Content-Type") == "application/pdf"
            if response.status_code != 200 or not (pdf or 'lang="nl"' in response.content.decode()):
                print(f"FAIL {username} {page}: {response.status_code}")
                return 1
            print(f"ok {username} {page}")
    return privacy_actions()


def privacy_actions() -> int:
    """On the embedded default too: a family's copy (after confirming the password), and a file destroyed
    by two privacy officers (its erasure runs on SQLite as on PostgreSQL)."""
    from privacy.models import DestructionRecord, DestructionReview, RightsRequest

    officers = {}
    for username in ("privacy", "privacy2"):
        officers[username] = client = Client()
        client.post("/account/inloggen/", {"username": username, "password": "demo"})
        client.post("/account/bevestigen/", {"password": "demo", "next": "/privacy/"})
    request = RightsRequest.objects.filter(kind="inzage").order_by("pk").first()
    response = officers["privacy"].post(f"/privacy/verzoeken/{request.pk}/kopie/")
    if response.status_code != 200 or response.get("Content-Type") != "application/pdf":
        print(f"FAIL privacy copy: {response.status_code}")
        return 1
    print("ok privacy copy")
    review = DestructionReview.objects.filter(status="pending").order_by("pk").first()
    for username in ("privacy", "privacy2"):
        review.refresh_from_db()
        officers[username].post(
            f"/privacy/vernietiging/{review.pk}/", {"action": "confirm", "confirm-version": review.version}
        )
    if not DestructionRecord.objects.filter(review=review).exists():
        print("FAIL privacy destruction: no record after two confirmations")
        return 1
    print("ok privacy destruction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
