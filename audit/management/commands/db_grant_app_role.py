"""Give the application's database role what Zicht needs, and no way to erase the access log.

Production runs two PostgreSQL roles: an owner that runs ``migrate`` and owns every table, and the
app role that web, worker and beat log in as. The owner runs this command after every ``migrate``
(new tables get their grants here, and ALTER DEFAULT PRIVILEGES could not leave the access log out):

- the app role may SELECT, INSERT, UPDATE and DELETE on every table and use every sequence;
- on the access log only INSERT and SELECT: no UPDATE, DELETE or TRUNCATE. Not being the owner (nor a
  superuser), it cannot DISABLE the append-only trigger or SET session_replication_role either.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from psycopg import sql

from audit.models import AccessEvent

# What the app role may do on the access log, and what it must not be able to do.
LOG_ALLOWED = ("SELECT", "INSERT")
LOG_REFUSED = ("UPDATE", "DELETE", "TRUNCATE")


class Command(BaseCommand):
    help = (
        "PostgreSQL: grant the app role DML on every table and sequence, but only INSERT and SELECT on "
        "the access log. Run as the owner role after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="The database role web, worker and beat log in as.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Which database setting to use.")

    def handle(self, *args, role: str, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            self.stdout.write(
                f"db_grant_app_role: {connection.vendor} has no database roles; nothing to grant "
                "(only PostgreSQL deployments separate the owner and the app role)."
            )
            return
        table = AccessEvent._meta.db_table
        with transaction.atomic(using=database), connection.cursor() as cursor:
            schema = self._check(cursor, role, table)

            def run(statement: sql.Composable) -> None:
                cursor.execute(statement.as_string(connection.connection))

            who, where = sql.Identifier(role), sql.Identifier(schema)
            run(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(where, who))
            run(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(where, who))
            run(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(self._database(cursor)), who
                )
            )
            run(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(where, who))
            run(
                sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
                    where, who
                )
            )
            run(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(where, who))
            run(
                sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                    sql.Identifier(schema, table), who
                )
            )
            self._verify(cursor, role, f"{schema}.{table}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{role}: SELECT, INSERT, UPDATE, DELETE on the tables of schema {schema}; "
                f"only SELECT and INSERT on {table}."
            )
        )

    def _check(self, cursor, role: str, table: str) -> str:
        """Refuse a role that could erase the log whatever it is granted; the schema of the log."""
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            raise CommandError(
                f"There is no database role {role!r}: create it first (scripts/postgres-init/)."
            )
        if found[0]:
            raise CommandError(
                f"{role!r} is a superuser: it could erase the access log whatever it is granted."
            )
        cursor.execute(
            "SELECT n.nspname, pg_has_role(%s, c.relowner, 'MEMBER') FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(%s)",
            [role, table],
        )
        found = cursor.fetchone()
        if found is None:
            raise CommandError(f"There is no table {table}: run migrate first.")
        schema, owns = found
        if owns:
            raise CommandError(
                f"{role!r} owns {table} (or is a member of its owner): an owner can drop the trigger. "
                "Run migrate as a separate owner role and grant to the app role."
            )
        return schema

    @staticmethod
    def _database(cursor) -> str:
        cursor.execute("SELECT current_database()")
        return cursor.fetchone()[0]

    def _verify(self, cursor, role: str, table: str) -> None:
        """What the role may do on the log now, through any role it belongs to (PUBLIC included)."""
        checks = [*LOG_ALLOWED, *LOG_REFUSED]
        cursor.execute(
            "SELECT " + ", ".join(["has_table_privilege(%s, %s, %s)"] * len(checks)),
            [value for check in checks for value in (role, table, check)],
        )
        held = dict(zip(checks, cursor.fetchone(), strict=True))
        missing = [check for check in LOG_ALLOWED if not held[check]]
        kept = [check for check in LOG_REFUSED if held[check]]
        if cursor.connection.info.server_version >= 150000:
            cursor.execute("SELECT has_parameter_privilege(%s, 'session_replication_role', 'SET')", [role])
            if cursor.fetchone()[0]:
                kept.append("SET session_replication_role")
        if missing or kept:
            raise CommandError(
                f"{role!r} on {table}: "
                + "; ".join(
                    part
                    for part in (
                        f"lacks {', '.join(missing)}" if missing else "",
                        f"still holds {', '.join(kept)} (through another role or PUBLIC?)" if kept else "",
                    )
                    if part
                )
            )
