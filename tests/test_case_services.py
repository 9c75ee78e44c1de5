import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases import services
from cases.models import (
    Case,
    CaseAssignment,
    ClosingReason,
    Contact,
    ContactKind,
    ContactRevision,
    Phase,
    PhaseChange,
    Relation,
)
from core.locking import StaleEdit
from tests import factories

pytestmark = pytest.mark.django_db

PHASES = ["intake", "voluntary", "pressure", "investigation", "mandated", "closed"]

# Every (from, to) pair the transition table allows, written out here, independent of the code.
ALLOWED = {
    ("intake", "voluntary"),
    ("intake", "closed"),
    ("voluntary", "pressure"),
    ("voluntary", "closed"),
    ("pressure", "voluntary"),
    ("pressure", "closed"),
    ("investigation", "voluntary"),
    ("investigation", "closed"),
    ("closed", "intake"),
}
# Into and out of "mandated" only the court moves a case (tests/test_measures.py), and into "investigation"
# only a table outcome or a recorded direct request to the Raad: never by hand.

# How to reach each phase from INTAKE.
ROUTE = {
    "intake": [],
    "voluntary": ["voluntary"],
    "pressure": ["voluntary", "pressure"],
    "investigation": ["voluntary", "pressure", "investigation"],
    "mandated": ["voluntary", "pressure", "investigation", "court"],
    "closed": ["closed"],
}


def _move(case: Case, to: str, by, reason: str = "Besproken in het team") -> Case:
    return services.case_transition(
        case=case,
        to=to,
        by=by,
        reason=reason,
        closing_reason=ClosingReason.SAFE_ENOUGH if to == "closed" else "",
        expected_version=case.version,
    )


@pytest.mark.parametrize(("current", "target"), [(a, b) for a in PHASES for b in PHASES])
def test_the_whole_transition_table(oost, worker, gi_worker, current, target):
    case = factories.case(team=oost, director=worker, children=1)
    services.case_involve(
        case=case, by=worker, role="gi_worker", user=gi_worker, expected_version=case.version
    )
    factories.walk(case, worker, *ROUTE[current], gi_worker=gi_worker)
    changes_before = PhaseChange.objects.filter(case=case).count()
    version_before = case.version
    director = gi_worker if current == "mandated" else worker  # under a measure the GI directs

    if (current, target) in ALLOWED:
        _move(case, target, director)
        case.refresh_from_db()
        assert case.phase == target
        change = PhaseChange.objects.filter(case=case).latest("pk")
        assert (change.from_phase, change.to_phase, change.changed_by) == (current, target, director)
    else:
        with pytest.raises(ValidationError) as refused:
            _move(case, target, director)
        refusal = str(refused.value)
        assert "kan niet van" in refusal or "Alleen de kinderrechter" in refusal or "Beschermtafel" in refusal
        case.refresh_from_db()
        assert case.phase == current
        assert case.version == version_before
        assert PhaseChange.objects.filter(case=case).count() == changes_before


def test_a_transition_needs_a_reason(a_case, worker):
    with pytest.raises(ValidationError, match="reden"):
        _move(a_case, "voluntary", worker, reason="  ")
    a_case.refresh_from_db()
    assert a_case.phase == Phase.INTAKE


def test_closing_needs_a_closing_reason_and_records_it(a_case, worker):
    with pytest.raises(ValidationError, match="waarom"):
        services.case_transition(
            case=a_case, to="closed", by=worker, reason="Klaar", expected_version=a_case.version
        )
    _move(a_case, "closed", worker)
    a_case.refresh_from_db()
    assert a_case.closed_on == timezone.localdate()
    assert a_case.closing_reason == ClosingReason.SAFE_ENOUGH


def test_a_stale_form_cannot_change_the_phase(a_case, worker):
    seen_version = a_case.version  # two tabs open on the same case
    _move(a_case, "voluntary", worker)
    stale = Case.objects.get(pk=a_case.pk)
    stale.version = seen_version
    with pytest.raises(StaleEdit):
        services.case_transition(
            case=stale,
            to="closed",
            by=worker,
            reason="x",
            closing_reason="other",
            expected_version=seen_version,
        )
    a_case.refresh_from_db()
    assert a_case.phase == Phase.VOLUNTARY


def test_a_closed_case_is_read_only_for_everyone(a_case, worker, lead):
    _move(a_case, "closed", worker)
    child = factories.children_of(a_case)[0]
    for user in (worker, lead):  # the last director and the team lead keep view only
        with pytest.raises(PermissionDenied):
            services.contact_log(
                case=a_case, by=user, occurred_at=timezone.now(), kind="home_visit", children_seen=[child]
            )
        with pytest.raises(PermissionDenied):
            services.person_add_to_family(
                case=a_case, by=user, relation=Relation.CHILD, parental_authority=False,
                person=factories.person_data(), confirmed_new=True,
            )  # fmt: skip
    assert not Contact.objects.filter(case=a_case).exists()
    a_case.refresh_from_db()
    assert a_case.phase == Phase.CLOSED


def test_reopening_is_possible_only_within_three_months(a_case, worker):
    _move(a_case, "closed", worker)
    Case.objects.filter(pk=a_case.pk).update(closed_on=timezone.localdate() - dt.timedelta(days=120))
    a_case.refresh_from_db()
    with pytest.raises(ValidationError, match="vervolgcasus"):
        _move(a_case, "intake", worker)


def test_a_new_signal_on_a_recently_closed_family_must_link(a_case, worker, oost):
    _move(a_case, "closed", worker)
    a_case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.case_open(
            family=a_case.family, team=oost, director=worker, by=worker, reason="Nieuwe melding"
        )
    assert refused.value.code == "recently_closed"
    assert Case.objects.filter(family=a_case.family).count() == 1

    follow_up = services.case_open(
        family=a_case.family,
        team=oost,
        director=worker,
        by=worker,
        reason="Nieuwe melding",
        follow_up_of=a_case,
    )
    assert follow_up.follow_up_of == a_case
    assert set(follow_up.children.all()) == set(a_case.children.all())


def test_one_family_has_one_open_case(a_case, worker, oost):
    with pytest.raises(ValidationError, match="al een open casus"):
        services.case_open(family=a_case.family, team=oost, director=worker, by=worker, reason="Nog een")


def test_case_numbers_count_up_per_year(oost, worker):
    first = factories.case(team=oost, director=worker, children=1, opened_on=dt.date(2025, 12, 30))
    second = factories.case(team=oost, director=worker, children=1, opened_on=dt.date(2025, 12, 31))
    third = factories.case(team=oost, director=worker, children=1)
    assert (first.number, second.number) == ("Z-2025-00001", "Z-2025-00002")
    assert third.number == f"Z-{timezone.localdate().year}-00001"


def test_assigning_keeps_the_history(a_case, worker, colleague):
    services.case_assign(
        case=a_case, by=worker, director=colleague, co_workers=[worker], expected_version=a_case.version
    )
    active = set(
        CaseAssignment.objects.filter(case=a_case, ends_at__isnull=True).values_list("user__username", "role")
    )
    assert active == {("ahmed", "director"), ("sanne", "co_worker")}
    ended = CaseAssignment.objects.get(case=a_case, user=worker, role="director")
    assert ended.ends_at is not None


def test_only_team_members_can_be_assigned(a_case, worker, outsider):
    with pytest.raises(ValidationError, match="geen lid"):
        services.case_assign(
            case=a_case, by=worker, director=outsider, co_workers=[], expected_version=a_case.version
        )


class TestContacts:
    def test_logging_keeps_last_contact_and_last_seen(self, a_case, worker):
        older, younger = factories.children_of(a_case)
        visit = timezone.now() - dt.timedelta(days=2)
        services.contact_log(
            case=a_case, by=worker, occurred_at=visit, kind="home_visit", children_seen=[older]
        )
        call = timezone.now() - dt.timedelta(days=1)
        services.contact_log(
            case=a_case, by=worker, occurred_at=call, kind="phone", children_spoken_alone=[younger]
        )
        earlier = timezone.now() - dt.timedelta(days=20)
        services.contact_log(
            case=a_case, by=worker, occurred_at=earlier, kind="school", children_seen=[older, younger]
        )

        a_case.refresh_from_db()
        assert a_case.last_contact_at == call
        last_seen = {link.child: link.last_seen_at for link in a_case.case_children.all()}
        assert last_seen == {older: visit, younger: earlier}

    def test_a_no_show_is_not_a_contact(self, a_case, worker):
        services.contact_log(case=a_case, by=worker, occurred_at=timezone.now(), kind=ContactKind.NO_SHOW)
        a_case.refresh_from_db()
        assert a_case.last_contact_at is None

    @pytest.mark.parametrize(
        ("kind", "seen", "message"),
        [
            ("cancelled", True, "niet doorging"),
            ("phone", True, "telefoongesprek"),
        ],
    )
    def test_impossible_sightings_are_refused(self, a_case, worker, kind, seen, message):
        children = factories.children_of(a_case)
        with pytest.raises(ValidationError, match=message):
            services.contact_log(
                case=a_case, by=worker, occurred_at=timezone.now(), kind=kind, children_seen=children
            )
        assert not Contact.objects.exists()

    def test_a_contact_in_the_future_is_refused(self, a_case, worker):
        with pytest.raises(ValidationError, match="toekomst"):
            services.contact_log(
                case=a_case, by=worker, occurred_at=timezone.now() + dt.timedelta(hours=2), kind="home_visit"
            )

    def test_children_of_another_case_cannot_be_seen(self, a_case, worker, oost):
        other = factories.case(team=oost, director=worker, children=1)
        with pytest.raises(ValidationError, match="Alleen kinderen"):
            services.contact_log(
                case=a_case, by=worker, occurred_at=timezone.now(), kind="home_visit",
                children_seen=factories.children_of(other),
            )  # fmt: skip

    def test_the_author_corrects_a_note_and_the_old_wording_stays(self, a_case, worker):
        contact = services.contact_log(
            case=a_case, by=worker, occurred_at=timezone.now(), kind="office", note="Eerst"
        )
        services.contact_update(contact=contact, by=worker, note="Daarna", safety_scale=6, expected_version=1)
        contact.refresh_from_db()
        assert (contact.note, contact.safety_scale, contact.version) == ("Daarna", 6, 2)
        assert list(ContactRevision.objects.filter(contact=contact).values_list("note", flat=True)) == [
            "Eerst"
        ]

    def test_a_note_locks_after_24_hours(self, a_case, worker):
        contact = services.contact_log(
            case=a_case, by=worker, occurred_at=timezone.now(), kind="office", note="Eerst"
        )
        Contact.objects.filter(pk=contact.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
        contact.refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.contact_update(
                contact=contact, by=worker, note="Later", safety_scale=None, expected_version=1
            )

    def test_only_the_author_corrects_a_note(self, a_case, worker, colleague):
        contact = services.contact_log(
            case=a_case, by=worker, occurred_at=timezone.now(), kind="office", note="Eerst"
        )
        with pytest.raises(PermissionDenied):
            services.contact_update(
                contact=contact, by=colleague, note="Anders", safety_scale=None, expected_version=1
            )

    def test_a_second_save_from_a_stale_form_is_refused(self, a_case, worker):
        contact = services.contact_log(
            case=a_case, by=worker, occurred_at=timezone.now(), kind="office", note="Eerst"
        )
        services.contact_update(
            contact=contact, by=worker, note="Tab 1", safety_scale=None, expected_version=1
        )
        with pytest.raises(StaleEdit):
            services.contact_update(
                contact=contact, by=worker, note="Tab 2", safety_scale=None, expected_version=1
            )
        contact.refresh_from_db()
        assert contact.note == "Tab 1"


class TestPeople:
    def test_the_same_bsn_is_never_a_second_person(self, a_case, worker):
        existing = factories.children_of(a_case)[0]
        existing.bsn = "111222333"
        existing.save()
        with pytest.raises(services.DuplicateSuspected) as suspected:
            services.person_add_to_family(
                case=a_case, by=worker, relation=Relation.CHILD, parental_authority=False,
                person=factories.person_data(bsn="111222333"), confirmed_new=True,
            )  # fmt: skip
        assert suspected.value.candidates == [existing]

    def test_same_name_and_birth_date_warns_until_confirmed(self, oost, worker):
        child = factories.person_data(given_name="Fabiënne", surname="Çelik", birth_date=dt.date(2015, 3, 1))
        first = factories.case(team=oost, director=worker, children=1, first_child=child)
        other = factories.case(team=oost, director=worker, children=1)
        same = {**child, "given_name": "fabienne", "surname": "Celik"}
        with pytest.raises(services.DuplicateSuspected) as suspected:
            services.person_add_to_family(
                case=other, by=worker, relation="child", parental_authority=False, person=same
            )
        assert suspected.value.candidates == factories.children_of(first)

        added = services.person_add_to_family(
            case=other, by=worker, relation="child", parental_authority=False, person=same, confirmed_new=True
        )
        assert added.pk != factories.children_of(first)[0].pk

    def test_an_existing_person_is_linked_not_copied(self, oost, worker):
        first = factories.case(team=oost, director=worker, children=1)
        other = factories.case(team=oost, director=worker, children=1)
        child = factories.children_of(first)[0]
        services.person_add_to_family(
            case=other, by=worker, relation="child", parental_authority=False, existing=child
        )
        assert child in other.children.all()
        assert set(child.memberships.values_list("family_id", flat=True)) == {
            first.family_id,
            other.family_id,
        }

    def test_a_birth_date_in_the_future_is_refused(self, a_case, worker):
        with pytest.raises(ValidationError, match="toekomst"):
            services.person_add_to_family(
                case=a_case, by=worker, relation="child", parental_authority=False, confirmed_new=True,
                person=factories.person_data(birth_date=timezone.localdate() + dt.timedelta(days=1)),
            )  # fmt: skip


def test_a_move_out_of_the_team_area_is_recorded_as_such(a_case, worker):
    amsterdam = factories.municipality("Amsterdam", "GM0363")
    old = a_case.family.addresses.get()
    moved = services.address_record_move(
        case=a_case, by=worker, street="Damrak", house_number="1", postcode="1012 LG", city="Amsterdam",
        municipality=amsterdam, moved_on=timezone.localdate(),
    )  # fmt: skip
    old.refresh_from_db()
    assert old.valid_to == timezone.localdate()
    assert moved.left_team_area
    assert moved.postcode == "1012LG"

    within = services.address_record_move(
        case=a_case, by=worker, street="Dam", house_number="2", postcode="1501AA", city="Zaandam",
        municipality=factories.municipality(), moved_on=timezone.localdate(),
    )  # fmt: skip
    assert not within.left_team_area
