"""The embedded default must keep working: dev settings on SQLite, migrated and seeded from scratch."""

from tests.helpers import run_python


def test_dev_settings_migrate_seed_and_render_every_role(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "ZICHT_VAR_DIR": str(tmp_path)}

    for step in (["manage.py", "migrate", "--noinput"], ["manage.py", "seed_demo"]):
        result = run_python(*step, env=env, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "zicht.sqlite3").exists()

    result = run_python("-m", "tests.dev_smoke", env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    # Every role logged in, and the case workers reached a case, its plan and the plan's PDF.
    for username in ("jeugdprofessional", "teamleider", "veiligthuis", "voorzitter", "tafellid", "jeugdbeschermer",
                     "raadsonderzoeker", "beheerder", "privacy", "gemeente"):  # fmt: skip
        assert f"ok {username} /" in result.stdout, username
    assert "ok jeugdprofessional /veiligheidsplan/" in result.stdout
    assert "ok gemeente /rapportages/" in result.stdout and "ok teamleider /rapportages/" in result.stdout
    assert "/pdf/" in result.stdout
