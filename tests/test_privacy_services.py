"""The privacy app's rules, service by service: legal deadlines, who may ask, holds, and the weekly sweep."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from accounts.roles import Role
from cases.models import Phase
from privacy import services
from privacy.models import DestructionReview, RetentionHold, RightsRequest
from privacy.tasks import retention_sweep as retention_sweep_task
from tests import factories
from tests.helpers import wait_until


@pytest.fixture
def officer(db):
    return factories.user("lisa", role=Role.PRIVACY_OFFICER)


@pytest.fixture
def second_officer(db):
    return factories.user("joost", role=Role.PRIVACY_OFFICER)


# Deadlines -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 10), dt.date(2026, 4, 10)),  # a Friday: stays
        (dt.date(2026, 1, 31), dt.date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday: to Monday 2 March
        (dt.date(2026, 3, 27), dt.date(2026, 4, 28)),  # 27 April 2026 is King's Day: to the day after
        (dt.date(2026, 11, 25), dt.date(2026, 12, 28)),  # 25 Dec Fri, 26 Sat, 27 Sun: to Monday 28 Dec
    ],
)
def test_an_answer_is_due_a_month_later_on_a_working_day(received, due):
    assert services.answer_due_on(received) == due


def test_the_extension_adds_two_months_to_the_first_deadline_on_a_working_day():
    assert services.extended_due_on(dt.date(2026, 4, 10)) == dt.date(2026, 6, 10)
    # 1 May 2026 is a Friday: it stays.
    assert services.extended_due_on(dt.date(2026, 3, 1)) == dt.date(2026, 5, 1)
    # 3 Oct 2026 + 2 months = 3 Dec 2026 (Thursday).
    assert services.extended_due_on(dt.date(2026, 10, 3)) == dt.date(2026, 12, 3)
    # 31 Oct 2026 + 2 months = 31 Dec 2026 (Thursday).
    assert services.extended_due_on(dt.date(2026, 10, 31)) == dt.date(2026, 12, 31)
    # 26 Oct 2026 + 2 months = 26 Dec (Saturday, and Boxing Day) → Monday 28 Dec.
    assert services.extended_due_on(dt.date(2026, 10, 26)) == dt.date(2026, 12, 28)


def test_retention_ends_twenty_years_after_closing(settings):
    assert services.retention_ends_on(dt.date(2006, 2, 28)) == dt.date(2026, 2, 28)
    settings.RETENTION_YEARS = 15
    assert services.retention_ends_on(dt.date(2008, 2, 29)) == dt.date(2023, 2, 28)


# Who may ask ----------------------------------------------------------------------------------------


def _young_child(case):
    """A child of ten: the parents ask for it without its consent (factories' children may be sixteen)."""
    child = factories.children_of(case)[0]
    child.birth_date = timezone.localdate() - dt.timedelta(days=365 * 10)
    child.save(update_fields=["birth_date"])
    return child


def _child(case, age: int, today: dt.date):
    child = factories.children_of(case)[0]
    child.birth_date = dt.date(today.year - age, 1, 1)
    child.save(update_fields=["birth_date"])
    return child


@pytest.mark.parametrize(
    ("age", "requester", "consent", "refused_code"),
    [
        (10, "self", False, "too_young"),
        (12, "self", False, None),
        (10, "parent", False, None),
        (15, "parent", False, None),
        (16, "parent", False, "consent"),
        (16, "parent", True, None),
        (17, "guardian", False, "consent"),
        (19, "parent", True, "adult"),
        (19, "representative", False, None),
        (15, "representative", False, "not_adult"),
        (14, "other", False, "consent"),
        (14, "other", True, None),
    ],
)
def test_who_may_ask_follows_the_age_on_the_day_of_receipt(
    oost, worker, officer, age, requester, consent, refused_code
):
    today = timezone.localdate()
    case = factories.case(team=oost, director=worker, children=1)
    child = _child(case, age, today)
    record = dict(
        by=officer, kind="inzage", person=child, case=None, requester=requester, consent_given=consent,
        received_on=dt.date(today.year, 1, 2),  # after the birthday on 1 January
    )  # fmt: skip
    if refused_code is None:
        request = services.rights_request_record(**record)
        assert request.due_on == services.answer_due_on(dt.date(today.year, 1, 2))
    else:
        with pytest.raises(ValidationError) as refused:
            services.rights_request_record(**record)
        assert refused.value.code == refused_code
        assert not RightsRequest.objects.exists()


def test_a_correction_names_a_file_the_person_is_in(oost, worker, officer):
    mine = factories.case(team=oost, director=worker, children=1)
    theirs = factories.case(team=oost, director=worker, children=1)
    child = _young_child(mine)
    common = dict(
        by=officer, kind="correction", person=child, requester="parent", received_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as refused:
        services.rights_request_record(case=None, **common)
    assert refused.value.code == "case"
    with pytest.raises(ValidationError) as refused:
        services.rights_request_record(case=theirs, **common)
    assert refused.value.code == "not_in_case"
    assert services.rights_request_record(case=mine, **common).case == mine


def test_only_a_privacy_officer_records_a_request(oost, worker):
    case = factories.case(team=oost, director=worker, children=1)
    with pytest.raises(PermissionDenied):
        services.rights_request_record(
            by=worker, kind="inzage", person=_young_child(case), case=None, requester="parent",
            received_on=timezone.localdate(),
        )  # fmt: skip


def test_the_term_is_extended_once_with_a_reason_within_the_first_month(oost, worker, officer):
    case = factories.case(team=oost, director=worker, children=1)
    request = services.rights_request_record(
        by=officer, kind="correction", person=_young_child(case), case=case, requester="parent",
        received_on=timezone.localdate() - dt.timedelta(days=3),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.rights_request_extend(by=officer, request=request, reason="  ", version=request.version)
    assert refused.value.code == "reason"
    extended = services.rights_request_extend(
        by=officer, request=request, reason="Wij vragen de school om informatie", version=request.version
    )
    assert extended.extended_to == services.extended_due_on(request.due_on)
    assert extended.deadline == extended.extended_to
    with pytest.raises(ValidationError) as refused:
        services.rights_request_extend(
            by=officer, request=extended, reason="Nog meer tijd", version=extended.version
        )
    assert refused.value.code == "extended"

    late = services.rights_request_record(
        by=officer, kind="objection", person=_young_child(case), case=case, requester="parent",
        received_on=timezone.localdate() - dt.timedelta(days=70),
    )  # fmt: skip
    assert late.is_late(timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        services.rights_request_extend(by=officer, request=late, reason="Te druk", version=late.version)
    assert refused.value.code == "late"


def test_an_answer_from_a_stale_form_is_refused(oost, worker, officer):
    case = factories.case(team=oost, director=worker, children=1)
    request = services.rights_request_record(
        by=officer, kind="correction", person=_young_child(case), case=case, requester="parent",
        received_on=timezone.localdate(),
    )  # fmt: skip
    old_version = request.version
    services.rights_request_extend(
        by=officer, request=request, reason="Informatie opvragen", version=old_version
    )
    with pytest.raises(ValidationError) as refused:
        services.rights_request_decide(by=officer, request=request, outcome="granted", version=old_version)
    assert refused.value.code == "stale"
    with pytest.raises(ValidationError) as refused:
        services.rights_request_decide(
            by=officer, request=request, outcome="refused", version=old_version + 1
        )
    assert refused.value.code == "note"
    answered = services.rights_request_decide(
        by=officer, request=request, outcome="refused", note="De tekst klopt met het verslag",
        version=old_version + 1,
    )  # fmt: skip
    assert answered.decided_on == timezone.localdate() and not answered.is_late(timezone.localdate())


def test_an_inzage_answer_needs_the_copy_made_reviewed_and_handed_over(oost, worker, officer):
    case = factories.case(team=oost, director=worker, children=1)
    request = services.rights_request_record(
        by=officer, kind="inzage", person=_young_child(case), case=None, requester="parent",
        received_on=timezone.localdate(),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.rights_request_decide(
            by=officer, request=request, outcome="granted", version=request.version
        )
    assert refused.value.code == "no_copy"


# Retention ------------------------------------------------------------------------------------------


def test_the_sweep_lists_files_past_their_term_once_and_deletes_nothing(
    oost, worker, officer, second_officer
):
    today = timezone.localdate()
    old = factories.closed(
        factories.case(team=oost, director=worker), worker, on=today - dt.timedelta(days=365 * 21)
    )
    young = factories.closed(
        factories.case(team=oost, director=worker), worker, on=today - dt.timedelta(days=365 * 19)
    )
    still_open = factories.case(team=oost, director=worker)

    assert services.retention_sweep() == {"listed": 1, "withdrawn": 0}
    assert services.retention_sweep() == {"listed": 0, "withdrawn": 0}

    review = DestructionReview.objects.get()
    assert review.case == old and review.status == "pending"
    assert review.due_on == services.retention_ends_on(old.closed_on)
    assert not DestructionReview.objects.filter(case__in=[young, still_open]).exists()
    old.refresh_from_db()
    assert old.family.name and factories.children_of(old)[0].given_name  # nothing removed by the sweep
    # Both privacy officers were told, once.
    assert Notification.objects.filter(recipient__in=[officer, second_officer]).count() == 2


def test_a_hold_keeps_a_file_off_the_list_until_it_is_lifted(oost, worker, officer):
    today = timezone.localdate()
    old = factories.closed(
        factories.case(team=oost, director=worker), worker, on=today - dt.timedelta(days=365 * 21)
    )
    services.retention_sweep()
    hold = services.hold_place(by=officer, case=old, reason="procedure", note="Klacht loopt nog")
    assert DestructionReview.objects.get().status == "kept"
    assert services.retention_sweep() == {"listed": 0, "withdrawn": 0}

    services.hold_lift(by=officer, hold=hold)
    assert services.retention_sweep() == {"listed": 1, "withdrawn": 0}
    with pytest.raises(ValidationError):
        services.hold_lift(by=officer, hold=hold)


def test_a_hold_with_an_end_date_ends_by_itself(oost, worker, officer):
    today = timezone.localdate()
    old = factories.closed(
        factories.case(team=oost, director=worker), worker, on=today - dt.timedelta(days=365 * 21)
    )
    services.hold_place(
        by=officer, case=old, reason="family", note="Op verzoek", until=today + dt.timedelta(days=10)
    )
    assert services.retention_sweep()["listed"] == 0
    assert services.retention_sweep(today=today + dt.timedelta(days=11))["listed"] == 1
    assert RetentionHold.objects.count() == 1


def test_help_starting_again_in_the_household_takes_an_old_file_off_the_list(oost, worker):
    today = timezone.localdate()
    old = factories.closed(
        factories.case(team=oost, director=worker), worker, on=today - dt.timedelta(days=365 * 21)
    )
    services.retention_sweep()
    type(old).objects.create(
        number="2026-NEW-1", family=old.family, team=oost, phase=Phase.VOLUNTARY, opened_on=today
    )
    assert services.retention_sweep() == {"listed": 0, "withdrawn": 1}
    assert DestructionReview.objects.get().status == "withdrawn"


def test_the_weekly_sweep_runs_in_a_real_worker(celery_worker, oost, worker):
    today = timezone.localdate()
    old = factories.closed(
        factories.case(team=oost, director=worker), worker, on=today - dt.timedelta(days=365 * 21)
    )

    retention_sweep_task.apply_async(queue=celery_worker)

    assert wait_until(lambda: DestructionReview.objects.filter(case=old).exists())
