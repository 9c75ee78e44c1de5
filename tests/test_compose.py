"""docker compose cannot run on these machines: check the file's shape and that what it names exists."""

import importlib.util
import re
import shlex

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
        assert SERVICES[service]["environment"] == environment, service
        assert "zicht_secret_key" in SERVICES[service]["secrets"], service
    assert "zicht_secret_key" in COMPOSE["secrets"]


def _manage_commands(text: str) -> set[str]:
    return set(re.findall(r"manage\.py\s+([a-z_]+)", text))


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
