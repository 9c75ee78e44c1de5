"""The access log is append-only: the database itself refuses UPDATE and DELETE on it.

TRUNCATE is left alone on purpose: test suites reset tables with it; no application code issues it.
Teams made before lead groups existed get theirs here.
"""

from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION accounts_accessevent_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'accounts_accessevent is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER accounts_accessevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_accessevent
    FOR EACH ROW EXECUTE FUNCTION accounts_accessevent_append_only()
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_accessevent_append_only ON accounts_accessevent",
    "DROP FUNCTION IF EXISTS accounts_accessevent_append_only()",
]
SQLITE = [
    """
    CREATE TRIGGER accounts_accessevent_no_update BEFORE UPDATE ON accounts_accessevent
    BEGIN SELECT RAISE(ABORT, 'accounts_accessevent is append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER accounts_accessevent_no_delete BEFORE DELETE ON accounts_accessevent
    BEGIN SELECT RAISE(ABORT, 'accounts_accessevent is append-only: DELETE refused'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_accessevent_no_update",
    "DROP TRIGGER IF EXISTS accounts_accessevent_no_delete",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES, "sqlite": SQLITE})
    Team = apps.get_model("accounts", "Team")
    Group = apps.get_model("auth", "Group")
    for team in Team.objects.filter(lead_group__isnull=True):
        team.lead_group = Group.objects.create(name=f"team:{team.organisation_id}:{team.name}:leads"[:150])
        team.save(update_fields=["lead_group"])


def backwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_access_log_and_notifications")]

    operations = [migrations.RunPython(forwards, backwards)]
