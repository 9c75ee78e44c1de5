"""axe-core (WCAG 2.1 A and AA rules) on the main pages of each kind of user, in real Chromium."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import Team, User
from cases import services
from referrals.models import Referral
from tests import factories
from tests.browser.helpers import login

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [
        f"{page.url} {violation['id']}: {violation['help']} ({len(violation['nodes'])}x)"
        for violation in results.response["violations"]
    ]


@pytest.fixture
def case(demo_data):
    worker = User.objects.get(username="jeugdprofessional")
    case = factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=2)
    services.contact_log(
        case=case, by=worker, occurred_at=case.phase_changes.first().changed_at, kind="home_visit",
        children_seen=factories.children_of(case), note="Huisbezoek",
    )  # fmt: skip
    return case


def test_the_pages_of_a_youth_worker_and_a_team_lead_pass_axe(page, case):
    found = []
    page.goto("/account/inloggen/")
    found += _violations(page)
    login(page, "jeugdprofessional")
    for path in ("/", "/casussen/", f"/casussen/{case.pk}/", "/casussen/nieuw/", "/casussen/zoeken/?q=a",
                 f"/casussen/{case.pk}/meldcode/", f"/veiligheidsplan/casus/{case.pk}/", "/casussen/wie-mag-wat/"):  # fmt: skip
        page.goto(path)
        found += _violations(page)
    page.goto(f"/casussen/{case.pk}/")
    page.locator("#contact-form").get_by_role(
        "button", name="Contactmoment opslaan"
    ).click()  # no note: still valid
    found += _violations(page)
    page.get_by_role("button", name="Uitloggen").click()
    login(page, "teamleider")
    for path in ("/casussen/team/", "/casussen/signalen/", "/overdrachten/inbox/"):
        page.goto(path)
        found += _violations(page)
    assert not found, "\n".join(found)


def test_axe_does_catch_a_violation(page):
    """The harness itself: a field without a label must be reported, or the checks above prove nothing."""
    page.goto("/account/inloggen/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(" label: " in violation for violation in _violations(page))


def test_the_handover_form_of_veilig_thuis_passes_axe(page, demo_data):
    login(page, "veiligthuis")
    found = []
    for path in ("/overdrachten/", "/overdrachten/nieuw/", f"/overdrachten/{Referral.objects.first().pk}/"):
        page.goto(path)
        found += _violations(page)
    assert not found, "\n".join(found)


def test_wide_tables_can_be_scrolled_by_keyboard_on_a_phone(page, case):
    """On a narrow screen every wide table scrolls; its scroll area must be reachable by keyboard.

    The phone width makes the tables overflow on any machine, whatever fonts it has.
    """
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, "jeugdprofessional")
    found = []
    for path in ("/casussen/wie-mag-wat/", "/casussen/", f"/veiligheidsplan/casus/{case.pk}/"):
        page.goto(path)
        found += _violations(page)
    wrap = page.locator(".table-wrap").first
    wrap.focus()
    assert page.evaluate("document.activeElement.classList.contains('table-wrap')")
    page.get_by_role("button", name="Uitloggen").click()
    login(page, "teamleider")
    for path in ("/casussen/team/", "/overdrachten/inbox/"):
        page.goto(path)
        found += _violations(page)
    assert not found, "\n".join(found)


def test_the_beschermtafel_pages_pass_axe(page, demo_data):
    from tables.models import Meeting, Outcome, Submission

    upcoming = Meeting.objects.order_by("-date").first()
    waiting = Submission.objects.filter(state="submitted").order_by("pk").first()
    item = upcoming.items.order_by("position").first()
    outcome = Outcome.objects.order_by("pk").first()
    found = []
    login(page, "voorzitter")
    for path in ("/beschermtafel/", "/beschermtafel/vergaderingen/", "/beschermtafel/vergaderingen/nieuw/",
                 f"/beschermtafel/vergadering/{upcoming.pk}/", f"/beschermtafel/aanmelding/{waiting.pk}/",
                 f"/beschermtafel/uitkomst/{outcome.pk}/"):  # fmt: skip
        page.goto(path)
        found += _violations(page)
    page.goto(f"/beschermtafel/vergadering/{item.meeting_id}/")
    page.get_by_role("button", name="Agendapakket maken").click()
    found += _violations(page)  # with the progress bar
    page.get_by_role("button", name="Uitloggen").click()
    login(page, "tafellid")
    for path in (
        f"/beschermtafel/vergadering/{upcoming.pk}/",
        f"/beschermtafel/aanmelding/{item.submission_id}/",
    ):
        page.goto(path)
        found += _violations(page)
    page.get_by_role("button", name="Uitloggen").click()
    login(page, "jeugdprofessional")
    page.goto(f"/beschermtafel/casus/{Outcome.objects.order_by('pk').last().case_id}/aanmelden/")
    found += _violations(page)
    assert not found, "\n".join(found)
