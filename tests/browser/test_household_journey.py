"""The youth worker's case page in a real browser: the household and its moves, where the keyboard focus goes
after an htmx save, and the contact form within reach on a phone."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Team, User
from cases import services
from cases.models import Contact, Relation
from tests import factories
from tests.browser.helpers import login

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def worker(demo_data):
    return User.objects.get(username="jeugdprofessional")


@pytest.fixture
def case(worker):
    return factories.case(team=Team.objects.get(name="Team Zaandam-Oost"), director=worker, children=2)


def _login_and_open(page, case):
    login(page, "jeugdprofessional")
    page.goto(f"/casussen/{case.pk}/")
    expect(page.get_by_role("heading", name=case.family.name, level=1)).to_be_visible()


def _active_element(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " text: document.activeElement.textContent})"
    )


def test_the_household_with_its_adults_and_the_move_history_one_click_away(page, worker, case):
    services.person_add_to_family(
        case=case, by=worker, relation=Relation.STEP_PARENT, parental_authority=False, confirmed_new=True,
        person=factories.person_data(given_name="Jonas", surname_prefix="van", surname="Kusen",
                                     birth_date=dt.date(1983, 3, 9)),
    )  # fmt: skip
    moved_on = timezone.localdate() - dt.timedelta(days=12)
    services.address_record_move(
        case=case, by=worker, street="Westzijde", house_number="4a", postcode="1506EK", city="Zaandam",
        municipality=factories.municipality(), moved_on=moved_on,
    )  # fmt: skip
    parent = case.family.memberships.get(relation=Relation.PARENT).person
    _login_and_open(page, case)

    household = page.get_by_role("region", name="Huishouden").get_by_role("table")
    step_parent = household.get_by_role("row", name="Jonas van Kusen")
    expect(step_parent).to_contain_text("Stiefouder")
    expect(step_parent.get_by_role("cell").nth(1)).to_have_text("Nee")  # no parental authority
    expect(step_parent).to_contain_text("9 mrt 1983")
    parent_row = household.get_by_role("row", name=parent.full_name)
    expect(parent_row).to_contain_text("Ouder")
    expect(parent_row.get_by_role("cell").nth(1)).to_have_text("Ja")
    expect(parent_row).to_contain_text("5 mei 1985")
    for child in factories.children_of(case):
        child_row = household.get_by_role("row", name=child.full_name)
        expect(child_row).to_contain_text("Kind")
        expect(child_row).to_contain_text("nog niet gezien")

    header = page.locator("#case-header")
    expect(header).to_contain_text("Westzijde 4a, 1506 EK Zaandam (Zaanstad)")
    earlier = header.get_by_text("1501 AB Zaandam")
    expect(earlier).to_be_hidden()
    header.get_by_text("Verhuisgeschiedenis (1 eerder adres)").click()
    expect(earlier).to_be_visible()
    expect(header.locator("details")).to_contain_text(f"vastgelegd door {worker.get_full_name()}")

    move = page.locator("#timeline .timeline__entry--move")
    expect(move).to_contain_text(f"Verhuisd op {moved_on.day} ")
    expect(move).to_contain_text(f"vastgelegd door {worker.get_full_name()}")


def test_after_an_htmx_save_the_focus_is_on_the_saved_contact(page, case):
    _login_and_open(page, case)
    form = page.locator("#contact-form")
    form.get_by_label("Verslag").fill("Kinderen thuis gezien.")
    form.get_by_role("button", name="Contactmoment opslaan").press("Enter")  # by keyboard

    expect(page.get_by_role("status")).to_contain_text("Het contactmoment is opgeslagen.")
    contact = Contact.objects.get(case=case)
    saved = page.locator(f"#entry-contact-{contact.pk}")
    expect(saved).to_be_focused()
    focused = _active_element(page)
    assert focused["tag"] == "LI" and "Kinderen thuis gezien." in focused["text"]
    # Tab goes on from the saved contact, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement !== document.body")


def test_a_form_with_errors_puts_the_focus_on_its_error_summary(page, case):
    _login_and_open(page, case)
    form = page.locator("#contact-form")
    form.get_by_label("Veiligheidsschaal (0-10)").fill("11")
    form.get_by_label("Verslag").fill("Mijn lange verslag")
    form.get_by_role("button", name="Contactmoment opslaan").click()

    summary = page.locator("#contact-form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Het contactmoment is nog niet opgeslagen:")
    expect(page.locator("#contact-form").get_by_label("Verslag")).to_have_value("Mijn lange verslag")
    summary.get_by_role("link", name="Veiligheidsschaal (0-10)").click()
    expect(page.locator("#contact-form").get_by_label("Veiligheidsschaal (0-10)")).to_be_focused()


def test_on_a_phone_logging_a_contact_is_within_the_first_screen(page, case):
    page.set_viewport_size(PHONE)
    _login_and_open(page, case)
    jump = page.locator("#case-header").get_by_role("link", name="Contactmoment vastleggen")
    expect(jump).to_be_visible()
    box = jump.bounding_box()
    assert box is not None and box["y"] + box["height"] < PHONE["height"]
    form_box = page.locator("#contact-form").bounding_box()
    assert form_box["y"] > PHONE["height"]  # the form itself is further down: the button is needed

    jump.click()
    expect(page.locator("#contact-form").get_by_label("Datum")).to_be_in_viewport()


def test_on_a_wide_screen_the_button_is_left_out(page, case):
    page.set_viewport_size({"width": 1280, "height": 900})
    _login_and_open(page, case)
    expect(page.locator("#case-header").get_by_role("link", name="Contactmoment vastleggen")).to_be_hidden()
