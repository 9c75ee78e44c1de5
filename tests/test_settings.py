import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from tests.helpers import run_python

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k8$Vq2!xR7pL0wZs#9dFm4TgHj6Bn3Ue5Yc1Ai8Oo2Pl7Kk4Rr6Ss0Tt9Uu3Vv5Ww",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zicht",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "zicht.example.nl",
}


def test_test_settings_are_dutch_on_postgres():
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT


def test_production_refuses_to_start_without_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = run_python("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY (or SECRET_KEY_FILE) is required." in result.stderr


def test_production_refuses_to_start_without_redis():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = run_python("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_settings_are_hardened():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "db = s.DATABASES['default'];"
        "print(s.DEBUG, db['CONN_MAX_AGE'] > 0, db['CONN_HEALTH_CHECKS'], s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.DEMO_DATA_ALLOWED, 'whitenoise' in s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = run_python("-c", script, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "False", "True"], result.stderr


def test_a_production_worker_freezes_what_it_loaded_before_its_first_request():
    """config.wsgi imports every view and freezes the objects loaded so far, so that full collections no longer
    walk them (ADR 14): the URLconf's view modules are loaded, and no tracked object is left over."""
    script = (
        "import gc, sys; import config.wsgi;"
        "print('cases.views' in sys.modules, 'tables.views' in sys.modules, gc.get_freeze_count() > 50_000,"
        " len(gc.get_objects(generation=2)) < 1_000)"
    )
    result = run_python("-c", script, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


def test_production_reads_secrets_from_files(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(PRODUCTION_ENV["SECRET_KEY"] + "\n")
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(secret)
    script = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    result = run_python("-c", script, env=env)
    assert result.stdout.strip() == PRODUCTION_ENV["SECRET_KEY"], result.stderr


def test_dev_settings_need_no_services(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.DEMO_DATA_ALLOWED);"
        "from accounts.tasks import sessions_clear_expired; sessions_clear_expired.delay()"
    )
    result = run_python(
        "-c", script, env={"DJANGO_SETTINGS_MODULE": "config.settings.dev", "ZICHT_VAR_DIR": str(tmp_path)}
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://", "True"], result.stderr
    assert list((tmp_path / "celery" / "queue").glob("*.msg")), "the task waits in the file broker's queue"
    # The broker's own bookkeeping (its exchange table) stays under var/ too, never in the working tree.
    assert (tmp_path / "celery" / "control" / "celery.exchange").is_file()


class TestEnvHelper:
    def test_required_value_missing_fails_loudly(self, monkeypatch):
        monkeypatch.delenv("ZICHT_TEST_VALUE", raising=False)
        with pytest.raises(ImproperlyConfigured, match=r"ZICHT_TEST_VALUE .* is required"):
            env_str("ZICHT_TEST_VALUE")

    def test_default_applies_when_unset_or_empty(self, monkeypatch):
        monkeypatch.setenv("ZICHT_TEST_VALUE", "")
        assert env_str("ZICHT_TEST_VALUE", "fallback") == "fallback"

    @pytest.mark.parametrize(
        ("raw", "expected"), [("true", True), ("ON", True), ("1", True), ("no", False), ("0", False)]
    )
    def test_booleans(self, monkeypatch, raw, expected):
        monkeypatch.setenv("ZICHT_TEST_VALUE", raw)
        assert env_bool("ZICHT_TEST_VALUE") is expected

    def test_a_bad_boolean_is_an_error_not_false(self, monkeypatch):
        monkeypatch.setenv("ZICHT_TEST_VALUE", "ja")
        with pytest.raises(ImproperlyConfigured, match="not a boolean"):
            env_bool("ZICHT_TEST_VALUE", False)

    def test_a_bad_number_is_an_error(self, monkeypatch):
        monkeypatch.setenv("ZICHT_TEST_VALUE", "5O")
        with pytest.raises(ImproperlyConfigured, match="not a whole number"):
            env_int("ZICHT_TEST_VALUE", 5)

    def test_lists_drop_empty_items(self, monkeypatch):
        monkeypatch.setenv("ZICHT_TEST_VALUE", "a.nl, b.nl,,")
        assert env_list("ZICHT_TEST_VALUE") == ["a.nl", "b.nl"]

    def test_file_secret_and_plain_value_together_is_an_error(self, monkeypatch, tmp_path):
        (tmp_path / "value").write_text("from-file")
        monkeypatch.setenv("ZICHT_TEST_VALUE", "plain")
        monkeypatch.setenv("ZICHT_TEST_VALUE_FILE", str(tmp_path / "value"))
        with pytest.raises(ImproperlyConfigured, match="not both"):
            env_str("ZICHT_TEST_VALUE")

    def test_unreadable_secret_file_is_an_error(self, monkeypatch, tmp_path):
        monkeypatch.delenv("ZICHT_TEST_VALUE", raising=False)
        monkeypatch.setenv("ZICHT_TEST_VALUE_FILE", str(tmp_path / "missing"))
        with pytest.raises(ImproperlyConfigured, match="cannot be read"):
            env_str("ZICHT_TEST_VALUE")


@pytest.mark.django_db
def test_postgresqls_jit_is_off_on_our_connections():
    """JIT compiled the stalled-case rules' queries for longer than they ran (ADR 14)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db
def test_a_query_run_again_and_again_is_prepared_on_the_server():
    """Planning the pages' few queries cost PostgreSQL more than running them: a connection keeps a query it
    has run five times, with its plan (ADR 14). The same query with other values is the same statement."""
    from django.db import connection

    from cases.models import Case

    shape = 'SELECT "cases_case"."closing_reason" AS "closing_reason", "cases_case"."follow_up_of_id"'

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [statement for (statement,) in cursor.fetchall() if statement.startswith(shape)]

    assert prepared() == []
    for pk in range(1, 8):
        list(Case.objects.filter(pk=pk, phase="intake").values_list("closing_reason", "follow_up_of_id"))
    statements = prepared()
    assert len(statements) == 1
    assert "$1" in statements[0] and "intake" not in statements[0]  # the values are bound, not written in
