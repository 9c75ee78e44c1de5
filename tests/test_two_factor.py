"""Two-factor login (TOTP), required in production: a password alone does not open Zicht."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import run_python
from tests.test_settings import PRODUCTION_ENV

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_first_login_sets_up_the_app_then_opens_zicht(client, login, demo_users, required):
    assert login("jeugdprofessional").status_code == 302
    response = client.get("/casussen/")
    assert response.status_code == 302
    assert response["Location"] == "/account/tweestaps/?next=/casussen/"
    page = client.get(response["Location"]).content.decode()
    assert "Scan deze code met een authenticator-app" in page
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=demo_users["jeugdprofessional"])
    assert not device.confirmed

    wrong = client.post("/account/tweestaps/", {"token": "000000", "next": "/casussen/"})
    assert "Deze code klopt niet" in wrong.content.decode()
    too_soon = client.post("/account/tweestaps/", {"token": _code(device), "next": "/casussen/"})
    assert "Te vaak een verkeerde code" in too_soon.content.decode()  # guessing is slowed down
    device.refresh_from_db()
    device.throttle_reset()  # as if the user waited
    right = client.post("/account/tweestaps/", {"token": _code(device), "next": "/casussen/"})
    assert right["Location"] == "/casussen/"
    assert client.get("/casussen/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_later_logins_ask_only_for_the_code(client, login, demo_users, required):
    device = TOTPDevice.objects.create(user=demo_users["teamleider"], name="Zicht", confirmed=True)
    login("teamleider")
    page = client.get("/account/tweestaps/").content.decode()
    assert "<svg" not in page  # no new secret shown once set up
    client.post("/account/tweestaps/", {"token": _code(device)})
    assert client.get("/casussen/team/").status_code == 200


def test_the_admin_is_behind_the_second_step_too(client, login, demo_users, required):
    login("beheerder")
    response = client.get("/beheer/")
    assert response.status_code == 302 and response["Location"].startswith("/account/tweestaps/")


def test_an_outside_next_address_is_ignored(client, login, demo_users, required):
    device = TOTPDevice.objects.create(user=demo_users["teamleider"], name="Zicht", confirmed=True)
    login("teamleider")
    response = client.post("/account/tweestaps/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


_REQUIRED = (
    "import django; django.setup(); from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
)


def test_not_required_in_development(tmp_path):
    # The dev settings themselves, in a child process (this process runs the test settings); that a
    # password alone then opens every role's pages is shown by tests/test_dev_smoke.py.
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "ZICHT_VAR_DIR": str(tmp_path)}
    result = run_python("-c", _REQUIRED, env=env)
    assert result.stdout.strip() == "False", result.stderr


def test_production_requires_it_by_default():
    assert run_python("-c", _REQUIRED, env=PRODUCTION_ENV).stdout.strip() == "True"
