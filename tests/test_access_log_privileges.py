"""The app's database role cannot erase the access log: privileges, not only the append-only trigger.

Each test makes a real non-superuser LOGIN role in the test cluster (trust on 127.0.0.1), runs
``db_grant_app_role`` for it as the owner would after migrate, and connects as that role.
"""

import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from psycopg import errors, sql

from audit.models import AccessEvent
from cases import services
from tests.helpers import run_python

pytestmark = pytest.mark.django_db(transaction=True)


def _as_owner(statement: sql.Composable) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(connection.connection))


@pytest.fixture
def app_role():
    # A space and a quote in the name: the command must quote it as an identifier, never paste it in.
    name = f'zicht app "{uuid.uuid4().hex[:10]}"'
    _as_owner(
        sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE").format(sql.Identifier(name))
    )
    yield name
    for statement in ("REASSIGN OWNED BY {} TO CURRENT_USER", "DROP OWNED BY {}", "DROP ROLE {}"):
        _as_owner(sql.SQL(statement).format(sql.Identifier(name)))


def _connect(role: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        autocommit=True,
    )


def test_the_app_role_appends_to_the_log_but_cannot_erase_it(app_role, a_case, worker):
    contact = services.contact_log(
        case=a_case, by=worker, occurred_at=timezone.now(), kind="office", note="x"
    )
    events = AccessEvent.objects.count()
    assert events
    call_command("db_grant_app_role", role=app_role, verbosity=0)
    call_command("db_grant_app_role", role=app_role, verbosity=0)  # after the next migrate: the same again

    with _connect(app_role) as app:
        app.execute(
            "INSERT INTO accounts_accessevent (at, user_id, action, case_id, object_ref, reason, detail, request_id)"
            " VALUES (now(), %s, 'view', %s, %s, '', '{}', '')",
            [worker.pk, a_case.pk, f"case:{a_case.pk}"],
        )
        assert app.execute("SELECT count(*) FROM accounts_accessevent").fetchone()[0] == events + 1
        for erase in (
            "UPDATE accounts_accessevent SET reason = 'weggepoetst'",
            "DELETE FROM accounts_accessevent",
            "TRUNCATE accounts_accessevent",
            "TRUNCATE accounts_accessevent CASCADE",
            "ALTER TABLE accounts_accessevent DISABLE TRIGGER accounts_accessevent_append_only",
            "ALTER TABLE accounts_accessevent DISABLE TRIGGER ALL",
            "DROP TABLE accounts_accessevent CASCADE",
            "SET session_replication_role = replica",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                app.execute(erase)
        # The rest of Zicht works as before: an ordinary table takes changes.
        changed = app.execute("UPDATE cases_contact SET note = 'bijgewerkt' WHERE id = %s", [contact.pk])
        assert changed.rowcount == 1
        assert app.execute("SELECT count(*) FROM cases_case").fetchone()[0] == 1
        assert app.execute("SELECT nextval(pg_get_serial_sequence('cases_contact', 'id'))").fetchone()[0]

    assert AccessEvent.objects.count() == events + 1
    contact.refresh_from_db()
    assert contact.note == "bijgewerkt"


def test_regranting_takes_back_what_the_app_role_was_given_on_the_log(app_role):
    # Say someone granted everything by hand, or a role was reused: the command leaves exactly the policy.
    _as_owner(sql.SQL("GRANT ALL ON ALL TABLES IN SCHEMA public TO {}").format(sql.Identifier(app_role)))
    call_command("db_grant_app_role", role=app_role, verbosity=0)
    with _connect(app_role) as app:
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute("TRUNCATE accounts_accessevent")
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute("TRUNCATE cases_contact")  # DML only, nowhere TRUNCATE


def test_the_command_refuses_a_role_that_could_erase_the_log_anyway(db):
    superuser = connection.settings_dict["USER"]  # the test cluster's postgres role
    with pytest.raises(CommandError, match="superuser"):
        call_command("db_grant_app_role", role=superuser)
    with pytest.raises(CommandError, match="no database role"):
        call_command("db_grant_app_role", role='nobody"; DROP TABLE accounts_accessevent; --')
    assert AccessEvent.objects.model._meta.db_table in connection.introspection.table_names()


def test_the_command_refuses_the_owner_of_the_log(app_role):
    _as_owner(sql.SQL("ALTER TABLE accounts_accessevent OWNER TO {}").format(sql.Identifier(app_role)))
    try:
        with pytest.raises(CommandError, match="owns"):
            call_command("db_grant_app_role", role=app_role)
    finally:
        _as_owner(sql.SQL("ALTER TABLE accounts_accessevent OWNER TO CURRENT_USER"))


def test_on_sqlite_there_is_nothing_to_grant(tmp_path):
    result = run_python(
        "manage.py",
        "db_grant_app_role",
        "--role",
        "zicht_app",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'z.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "nothing to grant" in result.stdout
