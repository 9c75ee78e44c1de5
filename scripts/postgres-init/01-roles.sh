#!/bin/sh
# Zicht's two database roles, made once when the db volume is first initialised: the postgres image
# runs this from /docker-entrypoint-initdb.d/ as its bootstrap superuser (POSTGRES_USER), which Zicht
# itself never logs in as. Neither role is a superuser.
#
#   ZICHT_DB_OWNER  owns the database, its schema and (through migrate) every table. The init service
#                   migrates as this role, then runs `manage.py db_grant_app_role --role $ZICHT_DB_APP`.
#   ZICHT_DB_APP    web, worker and beat log in as this role. The grant command gives it SELECT, INSERT,
#                   UPDATE and DELETE on the tables, but only INSERT and SELECT on the access log. It is
#                   not the owner, so it cannot disable the log's append-only trigger or truncate it.
#
# Passwords come from the environment (ZICHT_DB_OWNER_PASSWORD, ZICHT_DB_APP_PASSWORD); the names and
# passwords must match the DATABASE_URL of the init service (owner) and of web, worker and beat (app).
set -e

: "${ZICHT_DB_OWNER:?set ZICHT_DB_OWNER on the db service}"
: "${ZICHT_DB_OWNER_PASSWORD:?set ZICHT_DB_OWNER_PASSWORD on the db service}"
: "${ZICHT_DB_APP:?set ZICHT_DB_APP on the db service}"
: "${ZICHT_DB_APP_PASSWORD:?set ZICHT_DB_APP_PASSWORD on the db service}"

# psql quotes the values itself (:"name" as an identifier, :'value' as a literal); the heredoc is quoted,
# so the shell substitutes nothing inside it.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set owner="$ZICHT_DB_OWNER" --set owner_password="$ZICHT_DB_OWNER_PASSWORD" \
    --set app="$ZICHT_DB_APP" --set app_password="$ZICHT_DB_APP_PASSWORD" \
    --set database="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_password';
ALTER DATABASE :"database" OWNER TO :"owner";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"owner";
GRANT CONNECT ON DATABASE :"database" TO :"app";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
SQL
