"""docker compose cannot run on these machines: check that the file holds together and that what it names
exists. Values the file merely states (image tags, ports, worker counts) are not restated here."""

import gc
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
# The services that run Zicht itself: everything built from this repository's image.
APP_SERVICES = sorted(
    name for name, service in SERVICES.items() if service.get("image") == SERVICES["init"]["image"]
)


def _command(service: str) -> list[str]:
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else command


def test_the_app_image_is_built_from_a_dockerfile_that_exists():
    assert {"init", "web", "worker", "beat"} <= set(APP_SERVICES)
    builders = [SERVICES[name]["build"] for name in APP_SERVICES if "build" in SERVICES[name]]
    assert len(builders) == 1, "one service builds the image the others run"
    (build,) = builders
    assert (ROOT / build.get("context", ".") / build["dockerfile"]).is_file()


def test_the_app_waits_for_init_and_for_healthy_services():
    for name in APP_SERVICES:
        depends = SERVICES[name]["depends_on"]
        if name != "init":
            assert depends["init"]["condition"] == "service_completed_successfully", name
        for dependency, how in depends.items():
            if how["condition"] == "service_healthy":
                # Compose refuses to wait for a health that is never checked.
                assert "healthcheck" in SERVICES[dependency], dependency
        for service in {"db"} if name == "init" else {"db", "redis"}:
            assert depends[service]["condition"] == "service_healthy", (name, service)
    assert SERVICES["init"].get("restart", "no") == "no", "a failed migrate must stop, not loop"


def test_every_app_service_runs_production_settings_with_its_secret():
    for name in APP_SERVICES:
        environment = SERVICES[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production", name
        secret = re.fullmatch(r"/run/secrets/(\w+)", environment["SECRET_KEY_FILE"])
        assert secret and secret[1] in SERVICES[name]["secrets"] and secret[1] in COMPOSE["secrets"], name
        for key in ("DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"):
            assert environment.get(key), (name, key)


def _database_login(service: str) -> tuple[str, str]:
    url = urlsplit(SERVICES[service]["environment"]["DATABASE_URL"])
    assert (url.hostname, url.path) == ("db", f"/{SERVICES['db']['environment']['POSTGRES_DB']}"), service
    return url.username, url.password


def test_only_init_logs_in_as_the_owner_every_other_service_as_the_app_role():
    owner = _database_login("init")
    app = {_database_login(name) for name in APP_SERVICES if name != "init"}
    assert len(app) == 1, "every service but init shares the app role"
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


def _manage_commands_in_order(text: str) -> list[str]:
    return re.findall(r"manage\.py\s+([a-z_]+)", text)


def test_init_migrates_then_grants_the_app_role_with_commands_that_exist():
    command = " ".join(_command("init"))
    steps = _manage_commands_in_order(command)
    assert steps.index("migrate") < steps.index("db_grant_app_role")
    assert set(steps) <= set(get_commands()), set(steps) - set(get_commands())
    # The steps run one after another and stop at the first failure.
    assert "&&" in command and ";" not in command
    granted = re.search(r"db_grant_app_role\s+--role[ =](\S+)", command)
    assert granted and granted[1] == _database_login("web")[0]


def test_the_image_copies_every_app_before_it_installs_them():
    """`pip install .` installs what has been copied into the image so far: an app left out is missing in
    production (the image once copied six of fifteen packages, and core was not among them)."""
    before_install = (ROOT / "Dockerfile").read_text().split("RUN pip install .")[0]
    copied = set(re.findall(r"^COPY (\w+) \./(\w+)$", before_install, re.MULTILINE))
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert {(name, name) for name in packages} <= copied, packages - {source for source, _ in copied}


def test_the_image_compiles_messages_and_collects_static_at_build():
    # Built into the image rather than by init: a container's files are not shared with web (ADR 0003).
    commands = set(_manage_commands_in_order((ROOT / "Dockerfile").read_text()))
    assert {"compilemessages", "collectstatic"} <= commands
    assert commands <= set(get_commands()), commands - set(get_commands())


def test_web_serves_the_wsgi_application_with_gunicorn():
    command = _command("web")
    assert command[0] == "gunicorn"
    module, attribute = command[1].split(":")
    assert importlib.util.find_spec(module) is not None
    assert hasattr(importlib.import_module(module), attribute)
    gc.unfreeze()  # importing config.wsgi froze the test process's objects, as it does a worker's


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_zicht_celery_app(service, subcommand):
    command = _command(service)
    assert command[:2] == ["celery", "-A"]
    assert importlib.util.find_spec(f"{command[2]}.celery") is not None
    assert command[3] == subcommand
