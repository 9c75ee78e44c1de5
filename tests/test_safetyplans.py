"""Safety plans: versions agreed with the family, printed in plain Dutch."""

import datetime as dt
import io

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AccessEvent
from safetyplans import services
from safetyplans.models import SafetyPlan
from safetyplans.selectors import PLAIN_FIELDS, plan_content

pytestmark = pytest.mark.django_db


def complete_content(**overrides) -> dict:
    content = {
        "made_by": "Moeder\nVader\nOma",
        "family_goals": "Rust in huis",
        "strengths": "Oma is er elke dag",
        "supervisor": "Oma Gerda",
        "evaluation_on": timezone.localdate() + dt.timedelta(weeks=6),
        "evaluation_with": "ouders en oma",
        "child_section": "Als papa boos is, bel ik oma.",
        "worries": [
            {
                "who_worried": "School",
                "behaviour": "Vader schreeuwt en slaat met deuren",
                "consequence": "Noor is bang en slaapt slecht",
                "goal": "Het blijft rustig, ook als vader boos is",
                "goal_duration": "drie maanden",
                "agreements": [
                    {"who": "Vader", "what": "gaat een rondje lopen als hij boos is", "when": "altijd"}
                ],
            }
        ],
        "network": [
            {"name": "Oma Gerda", "relation": "oma", "phone": "06-11112222", "role": "toezicht"}
            | {"child_can_call": True}
        ],
        "emergency_steps": [
            {"signal": "Vader drinkt", "action": "Moeder gaat naar oma", "call": "Oma Gerda"}
        ],
        "scores": [{"participant": "Moeder", "score": 5}, {"participant": "Vader", "score": 7}],
    }
    content.update(overrides)
    return content


@pytest.fixture
def agreed_plan(a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    services.plan_save(plan=plan, by=worker, content=complete_content(), expected_edit_version=1)
    plan.refresh_from_db()
    return services.plan_agree(plan=plan, by=worker, how="in_person", agreed_with="moeder en vader",
                               expected_edit_version=plan.edit_version)  # fmt: skip


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_pdf_reads_back_with_goals_agreements_network_and_page_numbers(client, agreed_plan, worker):
    client.force_login(worker)
    before = AccessEvent.objects.filter(action="print").count()
    text = _pdf_text(client.get(f"/veiligheidsplan/{agreed_plan.pk}/pdf/"))
    for expected in (
        "Veiligheidsplan",
        agreed_plan.case.family.name,
        "versie 1",
        "Het blijft rustig, ook als vader boos is",
        "gaat een rondje lopen als hij boos is",
        "Oma Gerda",
        "06-11112222",
        "Veilig Thuis 0800-2000",
        "112",
        "pagina 1 van",
    ):
        assert expected in text, expected
    assert AccessEvent.objects.filter(action="print").count() == before + 1


def test_the_childrens_part_prints_on_its_own(client, agreed_plan, worker):
    client.force_login(worker)
    text = _pdf_text(client.get(f"/veiligheidsplan/{agreed_plan.pk}/pdf/", {"deel": "kind"}))
    assert "Als papa boos is, bel ik oma." in text
    assert "Oma Gerda" in text  # who the child can call
    assert "gaat een rondje lopen" not in text


def test_an_agreed_plan_never_changes(client, agreed_plan, worker):
    with pytest.raises(ValidationError, match="nooit"):
        services.plan_save(plan=agreed_plan, by=worker, content=complete_content(strengths="Anders"),
                           expected_edit_version=agreed_plan.edit_version)  # fmt: skip
    client.force_login(worker)
    response = client.post(f"/veiligheidsplan/{agreed_plan.pk}/bewerken/", {"strengths": "Anders"})
    assert response.status_code == 302
    agreed_plan.refresh_from_db()
    assert agreed_plan.strengths == "Oma is er elke dag"
    assert not [model for model in admin.site._registry if model._meta.app_label == "safetyplans"]


def test_changing_makes_a_new_version_and_shows_what_changed(client, agreed_plan, worker):
    draft = services.plan_start(case=agreed_plan.case, by=worker)
    assert (draft.number, draft.based_on, draft.state) == (2, agreed_plan, "draft")
    content = plan_content(draft)
    assert content["worries"] == plan_content(agreed_plan)["worries"]
    content["network"].append({"name": "Juf Ans", "relation": "leerkracht", "phone": "075-1234567", "role": "",
                               "child_can_call": True})  # fmt: skip
    services.plan_save(plan=draft, by=worker, content=content, expected_edit_version=draft.edit_version)
    draft.refresh_from_db()
    services.plan_agree(
        plan=draft, by=worker, how="signed", agreed_with="moeder", expected_edit_version=draft.edit_version
    )
    agreed_plan.refresh_from_db()
    assert agreed_plan.state == SafetyPlan.State.SUPERSEDED
    client.force_login(worker)
    page = client.get(f"/veiligheidsplan/{draft.pk}/vergelijken/").content.decode()
    assert "Juf Ans" in page and "diff__added" in page
    assert "Oma Gerda" not in page.split("<h1>")[1].split("</main>")[0].replace("Juf Ans", "")


def test_the_comparison_labels_everything_in_dutch(client, agreed_plan, worker):
    draft = services.plan_start(case=agreed_plan.case, by=worker)
    content = plan_content(draft)
    content["worries"][0]["goal"] = "Vader blijft rustig"
    content["worries"][0]["consequence"] = "Noor is bang, ook overdag"
    content["evaluation_on"] = dt.date(2031, 3, 4)
    content["supervisor"] = "Tante Els"
    content["network"][0]["role"] = ""
    services.plan_save(plan=draft, by=worker, content=content, expected_edit_version=draft.edit_version)
    client.force_login(worker)
    page = client.get(f"/veiligheidsplan/{draft.pk}/vergelijken/").content.decode()
    changes = page.split("<h1>")[1].split("</main>")[0]
    assert "Doel: Vader blijft rustig (drie maanden)" in changes
    assert "Als er niets verandert: Noor is bang, ook overdag" in changes
    assert "Let op de afspraken: Tante Els" in changes
    assert "Evaluatie: 4 maart 2031, ouders en oma" in changes
    assert "Oma Gerda (oma), 06-11112222 — het kind kan bellen" in changes  # no empty role, no ", ,"
    for english in ("Goal", "Evaluation", "Supervis", "the child"):
        assert english not in changes, english


def test_agreeing_lists_what_is_missing_in_dutch(a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    with pytest.raises(ValidationError) as refused:
        services.plan_agree(
            plan=plan, by=worker, how="in_person", agreed_with="moeder", expected_edit_version=1
        )
    message = str(refused.value)
    for missing in ("afspraak", "netwerk", "wie let op de afspraken", "evaluatiedatum"):
        assert missing in message, missing
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_two_people_editing_one_draft_the_second_is_refused_and_keeps_their_text(
    client, a_case, worker, colleague
):
    from cases import services as case_services

    case_services.case_assign(
        case=a_case, by=worker, director=worker, co_workers=[colleague], expected_version=a_case.version
    )
    plan = services.plan_start(case=a_case, by=worker)
    form = {
        "edit_version": plan.edit_version,
        "made_by": "", "family_goals": "", "supervisor": "", "evaluation_on": "", "evaluation_with": "",
        "child_section": "",
        **{f"{prefix}-TOTAL_FORMS": "0" for prefix in ("worries", "network", "steps", "scores")},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("worries", "network", "steps", "scores")},
    }  # fmt: skip
    client.force_login(worker)
    assert (
        client.post(
            f"/veiligheidsplan/{plan.pk}/bewerken/", {**form, "strengths": "Versie van Sanne"}
        ).status_code
        == 302
    )
    client.force_login(colleague)
    response = client.post(f"/veiligheidsplan/{plan.pk}/bewerken/", {**form, "strengths": "Versie van Ahmed"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit concept intussen opgeslagen" in html
    assert "Versie van Ahmed" in html  # their text is still on screen
    assert "Versie van Sanne" in html  # and they see what the other saved
    plan.refresh_from_db()
    assert plan.strengths == "Versie van Sanne"


def form_data(plan, content: dict | None = None, **extra) -> dict:
    """What the edit form posts for this content: every row with its fields, as the browser sends it."""
    content = {**complete_content(), **(content or {})}
    data = {"edit_version": plan.edit_version}
    data.update({field: content[field] for field in PLAIN_FIELDS if field != "evaluation_on"})
    data["evaluation_on"] = content["evaluation_on"].isoformat()

    def rows(prefix, items):
        data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = str(len(items)), "0"
        for index, item in enumerate(items):
            for name, value in item.items():
                if name == "agreements":
                    rows(f"{prefix}-{index}-agreements", value)
                elif value is True:
                    data[f"{prefix}-{index}-{name}"] = "on"
                elif value is not False:
                    data[f"{prefix}-{index}-{name}"] = value

    for key, prefix in (("worries", "worries"), ("network", "network"), ("emergency_steps", "steps"),
                        ("scores", "scores")):  # fmt: skip
        rows(prefix, content[key])
    data.update(extra)
    return data


def _worry(who: str, *agreements: tuple[str, str, str]) -> dict:
    return {
        "who_worried": who, "behaviour": "Vader schreeuwt", "consequence": "Noor is bang",
        "goal": f"Rust in huis ({who})", "goal_duration": "drie maanden",
        "agreements": [{"who": a, "what": b, "when": c} for a, b, c in agreements],
    }  # fmt: skip


def test_each_agreement_has_its_own_fields_and_several_worries_are_saved_at_once(client, a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    school = _worry("School", ("Vader", "gaat een rondje lopen", "altijd"), ("", "", ""))
    school["agreements"].append({"who": "Oma", "what": "belt moeder", "when": "", "DELETE": True})  # removed
    worries = [
        school,
        _worry("Veilig Thuis", ("Moeder", "brengt de kinderen naar oma", "bij ruzie")),
        _worry("Buren") | {"DELETE": True},
        {"who_worried": "", "behaviour": "", "consequence": "", "goal": "", "goal_duration": "",
         "agreements": [{"who": "", "what": "", "when": ""}]},
    ]  # fmt: skip
    client.force_login(worker)
    response = client.post(f"/veiligheidsplan/{plan.pk}/bewerken/", form_data(plan, {"worries": worries}))
    assert response.status_code == 302, response.content.decode()
    saved = plan_content(plan)["worries"]
    assert [worry["who_worried"] for worry in saved] == ["School", "Veilig Thuis"]
    assert saved[0]["agreements"] == [{"who": "Vader", "what": "gaat een rondje lopen", "when": "altijd"}]
    assert saved[1]["agreements"] == [
        {"who": "Moeder", "what": "brengt de kinderen naar oma", "when": "bij ruzie"}
    ]


def test_an_existing_plan_shows_each_agreement_in_its_own_fields(client, agreed_plan, worker):
    draft = services.plan_start(case=agreed_plan.case, by=worker)
    client.force_login(worker)
    html = client.get(f"/veiligheidsplan/{draft.pk}/bewerken/").content.decode()
    assert 'name="worries-0-agreements-0-who" value="Vader"' in html
    assert 'name="worries-0-agreements-0-when" value="altijd"' in html
    assert "gaat een rondje lopen als hij boos is</textarea>" in html
    assert 'name="worries-0-agreements-TOTAL_FORMS" value="2"' in html  # its agreement and an empty row
    for label in ("Wie", "Doet wat", "Wanneer en hoe vaak", "Afspraak 1 verwijderen", "Nog een afspraak"):
        assert f">{label}" in html, label


def test_a_half_filled_agreement_gets_a_dutch_message_at_its_row_and_nothing_is_lost(client, a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    worries = [_worry("School", ("Vader", "", "altijd"))]
    client.force_login(worker)
    response = client.post(f"/veiligheidsplan/{plan.pk}/bewerken/", form_data(plan, {"worries": worries}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het concept is niet opgeslagen. Controleer de rijen die hieronder gemarkeerd zijn." in html
    assert 'id="id_worries-0-agreements-0-what_error">Dit veld is verplicht.' in html
    assert "Controleer de afspraken bij deze zorg" in html
    assert 'name="worries-0-agreements-0-who" value="Vader"' in html
    assert not plan_content(plan)["worries"]


def test_adding_a_row_without_javascript_keeps_everything_typed_and_saves_nothing(client, a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    worries = [_worry("School", ("Vader", "gaat wandelen", ""))]  # half filled: no message yet
    client.force_login(worker)
    data = form_data(plan, {"worries": worries, "strengths": "Oma helpt"}, add_row="worries-0-agreements")
    response = client.post(f"/veiligheidsplan/{plan.pk}/bewerken/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="worries-0-agreements-TOTAL_FORMS" value="2"' in html
    assert 'name="worries-0-agreements-1-who" maxlength="200" autofocus' in html  # the new row, focused
    assert 'name="worries-0-agreements-0-who" value="Vader"' in html and "Oma helpt</textarea>" in html
    assert "Dit veld is verplicht" not in html and "niet opgeslagen" not in html
    plan.refresh_from_db()
    assert plan.strengths == "" and not plan_content(plan)["worries"]


def test_adding_a_row_by_htmx_answers_with_that_row_and_the_new_count(client, a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    client.force_login(worker)
    data = form_data(plan, {"worries": [_worry("School", ("Vader", "wandelt", "altijd"))]}, add_row="worries")
    response = client.post(f"/veiligheidsplan/{plan.pk}/bewerken/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "<legend>Zorg 2</legend>" in html
    # Not autofocus, which htmx obeys at once: the editor's script focuses it unless the focus moved on.
    assert 'name="worries-1-who_worried" maxlength="200" data-focus-when-added' in html
    assert "autofocus" not in html
    assert 'name="worries-1-agreements-TOTAL_FORMS" value="1"' in html  # the new worry's own agreements
    assert 'id="rows-footer-worries" class="rows__footer" hx-swap-oob="true"' in html
    assert 'name="worries-TOTAL_FORMS" value="2"' in html
    assert "Vader" not in html  # nothing of the case file goes back
    url = f"/veiligheidsplan/{plan.pk}/bewerken/"
    refused = client.post(url, {**data, "add_row": "nonsense"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert refused.content.decode() == "Hier kan geen rij worden toegevoegd: laad de pagina opnieuw."
    broken = {**data, "worries-TOTAL_FORMS": "x"}
    assert client.post(url, broken).status_code == 200  # the form comes back, no 500
    assert client.post(url, broken, HTTP_HX_REQUEST="true").status_code == 400


def test_a_section_holds_at_most_thirty_rows(client, a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    client.force_login(worker)
    steps = [{"signal": f"Signaal {n}", "action": "Bellen", "call": "Oma"} for n in range(30)]
    data = form_data(plan, {"emergency_steps": steps}, add_row="steps")
    html = client.post(f"/veiligheidsplan/{plan.pk}/bewerken/", data).content.decode()
    assert 'name="steps-TOTAL_FORMS" value="30"' in html
    assert "Dit onderdeel heeft ten hoogste 30 rijen." in html
    url = f"/veiligheidsplan/{plan.pk}/bewerken/"
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 400  # no 31st row


def test_outsiders_cannot_add_rows_to_a_draft(client, a_case, worker, outsider):
    plan = services.plan_start(case=a_case, by=worker)
    client.force_login(outsider)
    url, data = f"/veiligheidsplan/{plan.pk}/bewerken/", form_data(plan, add_row="worries")
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 404


def test_evaluation_against_each_goal_lands_on_the_timeline(client, agreed_plan, worker):
    worry = agreed_plan.worries.get()
    score = agreed_plan.scores.first()
    client.force_login(worker)
    response = client.post(
        f"/veiligheidsplan/{agreed_plan.pk}/evaluatie/",
        {"evaluated_on": timezone.localdate().isoformat(), "with_whom": "ouders", f"goal_{worry.pk}": "partly",
         f"score_{score.pk}": "8", "note": "Beter"},
    )  # fmt: skip
    assert response.status_code == 302
    evaluation = agreed_plan.evaluations.get()
    assert evaluation.results.get().result == "partly"
    assert evaluation.scores == [{"participant": "Moeder", "score": 8}]
    page = client.get(f"/casussen/{agreed_plan.case_id}/").content.decode()
    assert "Veiligheidsplan versie 1 geëvalueerd" in page
    assert "Veiligheidsplan versie 1 vastgesteld" in page


def test_outsiders_get_404_on_every_plan_page(client, agreed_plan, outsider, vt_worker):
    client.force_login(outsider)
    for path in ("", "bewerken/", "pdf/", "afdrukvoorbeeld/", "vergelijken/", "evaluatie/"):
        assert client.get(f"/veiligheidsplan/{agreed_plan.pk}/{path}").status_code == 404, path
    assert client.get(f"/veiligheidsplan/casus/{agreed_plan.case_id}/").status_code == 404
    assert client.post(f"/veiligheidsplan/casus/{agreed_plan.case_id}/nieuw/").status_code == 404
    assert not AccessEvent.objects.filter(user=outsider).exists()


def test_comparing_with_a_bad_version_number_is_not_an_error(client, agreed_plan, worker):
    client.force_login(worker)
    assert client.get(f"/veiligheidsplan/{agreed_plan.pk}/vergelijken/", {"met": "drie"}).status_code == 200
    assert client.get(f"/veiligheidsplan/{agreed_plan.pk}/vergelijken/", {"met": "999999"}).status_code == 404
