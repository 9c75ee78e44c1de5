"""docker compose cannot run on these machines: check the file's shape and that what it names exists."""

import importlib.util
import os
import re
import shlex
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import get_commands

from tests.helpers import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command(service: str) -> list[str]:
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else command


def test_the_production_shape_has_every_service():
    assert set(SERVICES) == {"db", "redis", "init", "web", "worker", "beat"}
    assert SERVICES["db"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:")
    for service in ("db", "redis", "web"):
        assert "healthcheck" in SERVICES[service], service


def test_the_app_services_build_from_the_dockerfile():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11", dockerfile, re.MULTILINE)
    for service in ("init", "web", "worker", "beat"):
        assert SERVICES[service]["image"] == "zicht:local"
    assert SERVICES["init"]["build"]["dockerfile"] == "Dockerfile"


def test_web_worker_and_beat_wait_for_init_and_the_services():
    for service in ("web", "worker", "beat"):
        depends = SERVICES[service]["depends_on"]
        assert depends["init"]["condition"] == "service_completed_successfully", service
        assert depends["db"]["condition"] == "service_healthy", service
        assert depends["redis"]["condition"] == "service_healthy", service
    assert SERVICES["init"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert SERVICES["init"].get("restart", "no") == "no"


def test_every_app_service_runs_production_settings_with_secrets():
    environment = COMPOSE["x-zicht-environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert environment["SECRET_KEY_FILE"] == "/run/secrets/zicht_secret_key"
    for key in ("DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"):
        assert environment[key], key
    for service in ("init", "web", "worker", "beat"):
        # init differs in one thing only: it logs in to the database as the owner (test below).
        service_environment = {
            **SERVICES[service]["environment"],
            "DATABASE_URL": environment["DATABASE_URL"],
        }
        assert service_environment == environment, service
        assert "zicht_secret_key" in SERVICES[service]["secrets"], service
    assert "zicht_secret_key" in COMPOSE["secrets"]


def _database_login(service: str) -> tuple[str, str]:
    url = urlsplit(SERVICES[service]["environment"]["DATABASE_URL"])
    assert (url.hostname, url.path) == ("db", f"/{SERVICES['db']['environment']['POSTGRES_DB']}"), service
    return url.username, url.password


def test_only_init_logs_in_as_the_owner_the_app_as_its_own_role():
    owner = _database_login("init")
    app = {_database_login(service) for service in ("web", "worker", "beat")}
    assert len(app) == 1, "web, worker and beat share the app role"
    (app,) = app
    assert owner[0] != app[0]
    db = SERVICES["db"]["environment"]
    # Neither is the image's bootstrap superuser; the init script makes both, with these passwords.
    assert db["POSTGRES_USER"] not in (owner[0], app[0])
    assert (db["ZICHT_DB_OWNER"], db["ZICHT_DB_OWNER_PASSWORD"]) == owner
    assert (db["ZICHT_DB_APP"], db["ZICHT_DB_APP_PASSWORD"]) == app


def test_the_db_service_runs_the_role_script_with_what_it_needs():
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in SERVICES["db"]["volumes"]}
    folder = ROOT / mounts["/docker-entrypoint-initdb.d"]
    scripts = sorted(folder.glob("*.sh"))
    assert scripts, folder
    environment = SERVICES["db"]["environment"]
    for script in scripts:
        assert os.access(script, os.X_OK), f"{script.name} is sourced, not run, unless executable"
        text = script.read_text()
        needed = set(re.findall(r"\$\{(ZICHT_[A-Z_]+)", text))
        assert needed and needed <= set(environment), needed - set(environment)
        roles = re.findall(r"CREATE ROLE[^;]*;", text)
        assert roles and all("NOSUPERUSER" in role for role in roles), "no role made here is a superuser"


def test_init_grants_the_app_role_after_migrating():
    command = " ".join(_command("init"))
    steps = _manage_commands_in_order(command)
    assert steps.index("migrate") < steps.index("db_grant_app_role")
    granted = re.search(r"db_grant_app_role\s+--role[ =](\S+)", command)
    assert granted and granted[1] == _database_login("web")[0]


def _manage_commands(text: str) -> set[str]:
    return set(_manage_commands_in_order(text))


def _manage_commands_in_order(text: str) -> list[str]:
    return re.findall(r"manage\.py\s+([a-z_]+)", text)


def test_init_migrates_with_commands_that_exist():
    commands = _manage_commands(" ".join(_command("init")))
    assert "migrate" in commands
    assert commands <= set(get_commands()), commands - set(get_commands())


def test_the_image_compiles_messages_and_collects_static_at_build():
    # Built into the image rather than by init: a container's files are not shared with web (ADR 0003).
    commands = _manage_commands((ROOT / "Dockerfile").read_text())
    assert {"compilemessages", "collectstatic"} <= commands
    assert commands <= set(get_commands()), commands - set(get_commands())


def test_web_serves_the_wsgi_application_with_gunicorn():
    command = _command("web")
    assert command[0] == "gunicorn"
    module, attribute = command[1].split(":")
    assert importlib.util.find_spec(module) is not None
    assert hasattr(importlib.import_module(module), attribute)


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_zicht_celery_app(service, subcommand):
    command = _command(service)
    assert command[:2] == ["celery", "-A"]
    app_module = command[2]
    assert importlib.util.find_spec(f"{app_module}.celery") is not None
    assert command[3] == subcommand
