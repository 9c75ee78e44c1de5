"""The relayout (ADR 8) moved models between apps without moving data: a database made before it, with data
in it, migrates in place and every row is read through the new apps' models."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The schema as it was before measures, flags, the access log and the meldcode got their own apps.
BEFORE = [
    ("accounts", "0006_admin_changes"),
    ("cases", "0008_phase_change_by_zicht"),
    ("referrals", "0001_initial"),
    ("safetyplans", "0001_initial"),
    ("tables", "0001_initial"),
]
NEW_APPS = ["audit", "measures", "flags", "reportingcode"]


@pytest.fixture
def old_schema(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE, *((app, None) for app in NEW_APPS)])
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_an_existing_database_migrates_in_place_with_its_data(old_schema):
    apps = old_schema
    group = apps.get_model("auth", "Group")
    organisation = apps.get_model("accounts", "Organisation").objects.create(
        name="GI", kind="certified_institution"
    )
    team = apps.get_model("accounts", "Team").objects.create(
        organisation=organisation,
        name="Team Oost",
        group=group.objects.create(name="team-oost"),
        lead_group=group.objects.create(name="team-oost-leads"),
    )
    user = apps.get_model("accounts", "User").objects.create(username="kees", password="!")
    family = apps.get_model("cases", "Family").objects.create(name="Gezin Jansen")
    case = apps.get_model("cases", "Case").objects.create(
        number="Z-2026-99999", family=family, team=team, opened_on=dt.date(2026, 1, 5), phase="mandated"
    )
    measure = apps.get_model("cases", "Measure").objects.create(
        case=case, kind="supervision", court="Rechtbank Noord-Holland", decided_on=dt.date(2026, 2, 1),
        starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2027, 2, 1), gi_organisation=organisation,
        gi_worker=user, recorded_by=user,
    )  # fmt: skip
    flag = apps.get_model("cases", "Flag").objects.create(case=case, rule="OTS-02", severity=3)
    step = apps.get_model("cases", "ReportingCodeStep").objects.create(
        case=case, step=1, done_on=dt.date(2026, 1, 6), performed_by="Kees", recorded_by=user
    )
    setting = apps.get_model("accounts", "RuleSetting").objects.create(
        organisation=organisation, rule="OV-01", threshold=20
    )
    event = apps.get_model("accounts", "AccessEvent").objects.create(
        user=user, organisation=organisation, action="view", case=case, object_ref=f"case:{case.pk}"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from audit.models import AccessEvent
    from flags.models import Flag, RuleSetting
    from measures.models import Measure
    from reportingcode.models import ReportingCodeStep

    assert Measure.objects.get(pk=measure.pk).case.number == "Z-2026-99999"
    assert Flag.objects.get(pk=flag.pk).rule == "OTS-02"
    assert RuleSetting.objects.get(pk=setting.pk).threshold == 20
    assert AccessEvent.objects.get(pk=event.pk).object_ref == f"case:{case.pk}"
    assert ReportingCodeStep.objects.get(pk=step.pk).case.reporting_code_steps.get().performed_by == "Kees"
    # And the new code writes where the old rows are.
    Flag.objects.filter(pk=flag.pk).update(acknowledgement="Gezien")
    with connection.cursor() as cursor:
        cursor.execute("SELECT acknowledgement FROM cases_flag WHERE id = %s", [flag.pk])
        assert cursor.fetchone() == ("Gezien",)
