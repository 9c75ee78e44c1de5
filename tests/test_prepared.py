"""Querysets compiled once per process (core.prepared): the same rows as the queryset built for each call's
values, and a refusal for build functions whose SQL could not be reused (ADR 14)."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Case, CaseChild, Contact
from core.prepared import Prepared
from tests import factories


def _contacts(case: int, since: dt.datetime):
    return (
        Contact.objects.filter(case_id=case, occurred_at__gte=since)
        .select_related("author", "case__family")
        .prefetch_related("children_seen")
        .order_by("-occurred_at", "-pk")
    )


def _fields(contact: Contact) -> tuple:
    return (
        contact.pk,
        contact.occurred_at,
        contact.author.username,
        contact.case.family.name,
        sorted(child.pk for child in contact.children_seen.all()),
    )


def test_each_call_gets_the_rows_the_queryset_built_for_its_values_gives(oost, worker, colleague):
    busy = factories.case(team=oost, director=worker)
    quiet = factories.case(team=oost, director=colleague)
    for day in range(12, 0, -1):
        services.contact_log(
            case=busy, by=worker, occurred_at=factories.days_ago(day), kind="home_visit",
            children_seen=factories.children_of(busy)[: day % 3],
        )  # fmt: skip
    services.contact_log(case=quiet, by=colleague, occurred_at=factories.days_ago(2), kind="phone")
    prepared = Prepared(_contacts, case=int, since=dt.datetime)
    for case, since in (
        (busy, factories.days_ago(5)),
        (quiet, factories.days_ago(30)),
        (busy, factories.at(dt.date(2000, 1, 1))),
    ):
        expected = [_fields(contact) for contact in _contacts(case.pk, since)]
        assert [_fields(contact) for contact in prepared.list(case=case.pk, since=since)] == expected
        assert expected  # every call finds something: an empty answer would prove nothing
    page = prepared.list(case=busy.pk, since=factories.days_ago(30), limit=5, offset=5)
    assert [c.pk for c in page] == [c.pk for c in _contacts(busy.pk, factories.days_ago(30))[5:10]]


def test_values_lists_and_dates_come_back_converted(oost, worker):
    case = factories.case(team=oost, director=worker, opened_on=dt.date(2026, 3, 2))
    prepared = Prepared(
        lambda opened: Case.objects.filter(opened_on=opened).values_list("pk", "opened_on"), opened=dt.date
    )
    assert prepared.list(opened=dt.date(2026, 3, 2)) == [(case.pk, dt.date(2026, 3, 2))]
    assert prepared.list(opened=dt.date(2026, 3, 3)) == []


def test_the_sql_is_built_once_and_runs_in_one_query(oost, worker):
    case = factories.case(team=oost, director=worker)
    built = []

    def build(case):
        built.append(case)
        return CaseChild.objects.filter(case_id=case).select_related("child").order_by("child__birth_date")

    prepared = Prepared(build, case=int)
    prepared.list(case=case.pk)
    with CaptureQueriesContext(connection) as queries:
        links = prepared.list(case=case.pk)
        names = [link.child.given_name for link in links]
    assert len(built) == 2 and case.pk not in built  # two stand-ins, never the real value
    assert len(queries) == 1 and names == [c.given_name for c in factories.children_of(case)]


def test_an_id_beyond_64_bits_matches_nothing_without_a_query(a_case):
    prepared = Prepared(lambda case: Case.objects.filter(pk=case), case=int)
    with CaptureQueriesContext(connection) as queries:
        assert prepared.list(case=2**63) == []
    assert len(queries) == 0
    assert prepared.list(case=a_case.pk) == [a_case]


def test_depends_on_compiles_anew_when_it_changes(a_case):
    registered = {"prefetch": False}

    def build(case):
        queryset = Case.objects.filter(pk=case)
        if registered["prefetch"]:
            queryset = queryset.prefetch_related(Prefetch("case_children", to_attr="listed"))
        return queryset

    prepared = Prepared(build, depends_on=lambda: registered["prefetch"], case=int)
    assert not hasattr(prepared.list(case=a_case.pk)[0], "listed")
    registered["prefetch"] = True
    assert len(prepared.list(case=a_case.pk)[0].listed) == 2


def test_a_value_worked_out_from_the_calls_value_is_refused(a_case):
    with pytest.raises(ImproperlyConfigured, match="derives a query value"):
        Prepared(lambda case: Case.objects.filter(pk=case + 1), case=int).list(case=a_case.pk)


def test_a_build_that_is_not_the_same_each_time_is_refused(a_case):
    built = []

    def build(case):
        built.append(case)
        return Case.objects.filter(pk=case) if len(built) == 1 else Case.objects.filter(family_id=case)

    with pytest.raises(ImproperlyConfigured, match="builds different SQL"):
        Prepared(build, case=int).list(case=a_case.pk)


def test_two_values_are_told_apart_even_when_one_is_shifted(a_case):
    """The second value's stand-ins are not the first's shifted by a constant, so "first - 1" is refused,
    not taken for the second."""
    build = lambda first, second: Case.objects.filter(pk=first - 1, family_id=second)  # noqa: E731
    with pytest.raises(ImproperlyConfigured, match="derives a query value"):
        Prepared(build, first=int, second=int).list(first=a_case.pk, second=a_case.family_id)


def test_only_known_value_types_and_the_named_values_are_taken():
    with pytest.raises(ImproperlyConfigured, match="no stand-ins for float"):
        Prepared(lambda scale: Contact.objects.filter(safety_scale=scale), scale=float)
    with pytest.raises(TypeError):
        Prepared(lambda case: Case.objects.filter(pk=case), case=int).list(pk=1)


def test_lists_of_ids_of_any_length_share_a_few_shapes_and_find_what_in_finds(oost, worker):
    cases = [factories.case(team=oost, director=worker) for _ in range(6)]
    prepared = Prepared(
        lambda ids, phase: Case.objects.filter(pk__in=ids, phase=phase).order_by("pk"), ids=list, phase=str
    )
    for chosen in (cases[:1], cases[:3], cases[:5], cases):
        ids = [case.pk for case in chosen]
        assert prepared.list(ids=ids, phase="intake") == chosen  # factories open cases in intake
    assert prepared.list(ids=[cases[0].pk], phase="voluntary") == []
    assert len(prepared._compiled) == 2  # lengths 1 and 3 padded to 4, 5 and 6 to 16
    with pytest.raises(ValueError, match="never empty"):
        prepared.list(ids=[], phase="intake")


def test_a_build_branching_on_its_value_is_refused(a_case):
    """The two builds' stand-ins differ in parity (and are positive, as ids are), so a branch on either shows."""
    build = lambda case: Case.objects.filter(pk=case) if case % 2 else Case.objects.filter(family_id=case)  # noqa: E731
    with pytest.raises(ImproperlyConfigured, match="builds different SQL"):
        Prepared(build, case=int).list(case=a_case.pk)
    positive = Prepared(
        lambda case: Case.objects.filter(pk=case) if case > 0 else Case.objects.none(), case=int
    )
    assert positive.list(case=a_case.pk) == [a_case]
