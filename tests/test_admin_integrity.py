"""The functional admin manages people, never case files or passwords (issue 12, insider holes).

Everything goes through HTTP with the Django client, as the admin (the demo user "beheerder") would.
"""

import datetime as dt
import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Notification, Team, User, UserChange
from accounts.roles import Role
from accounts.services import user_set_roles_and_teams
from accounts.tasks import notifications_email
from audit.models import AccessEvent
from cases import services as case_services
from cases.models import Case
from flags.digest import flag_digest_send
from flags.services import flags_evaluate
from tests import factories
from tests.helpers import run_python

pytestmark = pytest.mark.django_db

SELF_REFUSED = "U kunt uw eigen rollen en teams niet wijzigen"
GOOD_PASSWORD = "Zeer-lang-en-nieuw-2026"


@pytest.fixture
def celery_eager():
    """Run the e-mail tasks in the test process, so what they send lands in mail.outbox."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _change_data(client, user: User, **changes) -> dict:
    """What the admin's change form posts for ``user`` as it stands, with ``changes`` on top."""
    form = client.get(f"/beheer/accounts/user/{user.pk}/change/").context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("password", "date_joined", "last_login")
    }
    data["organisation"] = user.organisation_id or ""
    data["roles"] = [role.value for role in user.roles]
    data["teams"] = [team.pk for team in user.teams]
    data.update(changes)
    return data


def _link_from(message) -> str:
    return re.search(r"https?://[^/\s]+(/account/wachtwoord-instellen/\S+/)", message.body).group(1)


class TestTheAdminCannotGiveHimselfCaseAccess:
    def test_his_own_roles_and_teams_are_read_only_and_a_crafted_post_is_refused(
        self, client, login, demo_users
    ):
        admin_user = demo_users["beheerder"]
        oost = Team.objects.get(name="Team Zaandam-Oost")
        login("beheerder")
        page = client.get(f"/beheer/accounts/user/{admin_user.pk}/change/").content.decode()
        assert SELF_REFUSED in page
        assert re.search(r'<input[^>]*name="roles"[^>]*disabled', page)

        data = _change_data(client, admin_user, roles=[Role.TEAM_LEAD.value], teams=[oost.pk])
        response = client.post(f"/beheer/accounts/user/{admin_user.pk}/change/", data)
        assert response.status_code == 200
        assert SELF_REFUSED in response.content.decode()
        admin_user.refresh_from_db()
        assert admin_user.roles == [Role.ADMIN] and not admin_user.teams.exists()
        case = Case.objects.filter(team=oost).first()
        assert client.get(f"/casussen/{case.pk}/").status_code == 404
        assert case.number not in client.get("/casussen/team/").content.decode()

        # His own name he may change; roles and teams stay as they are.
        data = _change_data(client, admin_user, first_name="Robert")
        del data["roles"], data["teams"]  # a browser does not post disabled fields
        assert client.post(f"/beheer/accounts/user/{admin_user.pk}/change/", data).status_code == 302
        admin_user.refresh_from_db()
        assert admin_user.first_name == "Robert" and admin_user.roles == [Role.ADMIN]

    def test_the_service_refuses_it_too(self, demo_users):
        admin_user = demo_users["beheerder"]
        oost = Team.objects.get(name="Team Zaandam-Oost")
        with pytest.raises(PermissionDenied):
            user_set_roles_and_teams(user=admin_user, roles=[Role.ADMIN], teams=[oost], by=admin_user)
        assert not admin_user.teams.exists()

    def test_an_admin_cannot_also_hold_a_case_role(self, client, login, demo_users):
        worker = demo_users["jeugdprofessional"]
        login("beheerder")
        data = _change_data(client, worker, roles=[Role.YOUTH_WORKER.value, Role.ADMIN.value])
        response = client.post(f"/beheer/accounts/user/{worker.pk}/change/", data)
        assert response.status_code == 200
        assert "Een functioneel beheerder kan niet ook een rol hebben" in response.content.decode()
        worker.refresh_from_db()
        assert worker.roles == [Role.YOUTH_WORKER] and not worker.is_staff
        with pytest.raises(ValidationError):
            user_set_roles_and_teams(user=worker, roles=[Role.ADMIN, Role.TEAM_LEAD], teams=[])

    def test_granting_case_access_is_logged_and_told_to_the_privacy_officer_and_the_user(
        self, client, login, demo_users
    ):
        member = demo_users["tafellid"]
        oost = Team.objects.get(name="Team Zaandam-Oost")
        login("beheerder")
        data = _change_data(client, member, roles=[Role.TEAM_LEAD.value], teams=[oost.pk])
        assert client.post(f"/beheer/accounts/user/{member.pk}/change/", data).status_code == 302
        member.refresh_from_db()
        assert member.roles == [Role.TEAM_LEAD]

        event = AccessEvent.objects.get(object_ref=f"user:{member.pk}")
        assert event.user == demo_users["beheerder"] and event.action == "update" and event.at
        assert event.detail["grants_case_access"] is True
        assert event.detail["roles"] == [["table_member"], ["team_lead"]]
        # (The demo told the privacy officer of old files and of its API client too: this one is about her.)
        told = Notification.objects.get(recipient=demo_users["privacy"], text__contains="tafellid")
        assert "toegang tot dossiers" in told.text

        change = UserChange.objects.get(user=member)
        assert (change.by, change.kind, change.fields) == (
            demo_users["beheerder"],
            "changed",
            ["roles", "teams"],
        )

        # A change that grants nothing (a name) is recorded but not in the access log.
        data = _change_data(client, member, last_name="Yilmaz")
        assert client.post(f"/beheer/accounts/user/{member.pk}/change/", data).status_code == 302
        assert AccessEvent.objects.filter(object_ref=f"user:{member.pk}").count() == 1
        assert UserChange.objects.filter(user=member).count() == 2


class TestTheAdminCannotBecomeAnyone:
    def test_there_is_no_password_page_or_field_in_the_admin(self, client, login, demo_users):
        victim = demo_users["teamleider"]
        login("beheerder")
        url = f"/beheer/accounts/user/{victim.pk}/password/"
        assert client.get(url).status_code == 404
        posted = client.post(url, {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"})
        assert posted.status_code == 404
        victim.refresh_from_db()
        assert victim.check_password("demo")

        change_page = client.get(f"/beheer/accounts/user/{victim.pk}/change/").content.decode()
        assert "password/" not in change_page and victim.password not in change_page
        add_page = client.get("/beheer/accounts/user/add/").content.decode()
        assert 'name="password1"' not in add_page and 'name="usable_password"' not in add_page

    def test_a_new_user_sets_their_own_password_from_a_one_time_link(
        self, client, login, demo_users, celery_eager, django_capture_on_commit_callbacks
    ):
        oost = Team.objects.get(name="Team Zaandam-Oost")
        login("beheerder")
        data = {
            "username": "nieuwe",
            "first_name": "Noor",
            "last_name": "Nieuw",
            "email": "noor@zicht.example",
            "organisation": oost.organisation_id,
            "roles": [Role.YOUTH_WORKER.value],
            "teams": [oost.pk],
            "password1": "Door-de-beheerder-1",  # ignored: the form has no password fields
            "password2": "Door-de-beheerder-1",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/beheer/accounts/user/add/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        new = User.objects.get(username="nieuwe")
        assert not new.has_usable_password()
        assert UserChange.objects.get(user=new).kind == "created"

        to_noor = [m for m in mail.outbox if m.to == ["noor@zicht.example"]]
        [message] = [m for m in to_noor if "wachtwoord" in m.subject]
        assert {m.subject for m in to_noor} == {
            "Zicht: stel uw wachtwoord in",
            "Zicht: er vraagt iets uw aandacht",
        }
        assert "Noor" not in message.body and "Nieuw" not in message.body
        link = _link_from(message)
        client.post("/account/uitloggen/")

        page = client.get(link, follow=True)
        assert "Stel uw wachtwoord in" in page.content.decode()
        form_url = page.redirect_chain[-1][0]
        weak = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
        assert weak.status_code == 200 and "te kort" in weak.content.decode()
        done = client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
        assert done.status_code == 302
        assert login("nieuwe", GOOD_PASSWORD).status_code == 302
        client.post("/account/uitloggen/")

        again = client.get(link, follow=True).content.decode()  # one time only
        assert "Deze link werkt niet meer" in again

    def test_a_link_expires(self, client, demo_users, monkeypatch):
        user = demo_users["jeugdprofessional"]
        token = default_token_generator.make_token(user)
        later = dt.datetime.now() + dt.timedelta(hours=49)
        monkeypatch.setattr(default_token_generator, "_now", lambda: later)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        page = client.get(f"/account/wachtwoord-instellen/{uid}/{token}/", follow=True).content.decode()
        assert "Deze link werkt niet meer" in page

    def test_the_admin_action_sends_a_link_and_the_reset_removes_two_step(
        self, client, login, demo_users, celery_eager, django_capture_on_commit_callbacks
    ):
        lead = demo_users["teamleider"]
        TOTPDevice.objects.create(user=lead, name="Zicht", confirmed=True)
        login("beheerder")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/beheer/accounts/user/",
                {"action": "send_set_password_link", "_selected_action": [lead.pk]},
                follow=True,
            )
        assert "Er is een link om het wachtwoord in te stellen verstuurd" in response.content.decode()
        lead.refresh_from_db()
        assert lead.check_password("demo")  # nothing changes until the user uses the link

        # A way into case files: logged, and the privacy officer is told.
        event = AccessEvent.objects.get(object_ref=f"user:{lead.pk}")
        assert event.user == demo_users["beheerder"] and event.detail["set_password_link"] is True
        assert Notification.objects.filter(
            recipient=demo_users["privacy"], text__contains="teamleider"
        ).exists()

        [message] = [
            m for m in mail.outbox if m.to == ["teamleider@zicht.example"] and "wachtwoord" in m.subject
        ]
        client.post("/account/uitloggen/")
        form_url = client.get(_link_from(message), follow=True).redirect_chain[-1][0]
        client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
        lead.refresh_from_db()
        assert lead.check_password(GOOD_PASSWORD)
        assert not TOTPDevice.objects.filter(user=lead).exists()  # set up again at the next login

    def test_every_admin_change_is_recorded_and_shown_at_the_next_login(
        self, client, login, demo_users, celery_eager, django_capture_on_commit_callbacks
    ):
        worker = demo_users["jeugdprofessional"]
        login("beheerder")
        data = _change_data(client, worker, last_name="de Wit", email="sanne.nieuw@zicht.example")
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/beheer/accounts/user/{worker.pk}/change/", data).status_code == 302
        change = UserChange.objects.get(user=worker)
        assert change.by == demo_users["beheerder"] and change.at
        assert change.fields == ["last_name", "email"]
        assert change.detail["email"] == ["jeugdprofessional@zicht.example", "sanne.nieuw@zicht.example"]
        # The old address hears of it (a takeover through the e-mail address shows there).
        assert [m for m in mail.outbox if m.to == ["jeugdprofessional@zicht.example"]]

        client.post("/account/uitloggen/")
        login("jeugdprofessional")
        home = client.get("/").content.decode()
        assert "De functioneel beheerder (Rob Mulder) heeft op" in home
        assert "uw achternaam en e-mailadres gewijzigd" in home


def test_the_admin_sees_and_lifts_a_login_lockout(client, login, demo_users):
    for _ in range(5):
        login("jeugdprofessional", "Geheim-maar-fout-1")
    assert login("jeugdprofessional").status_code == 429

    admin_client = Client()
    admin_client.force_login(demo_users["beheerder"])
    index = admin_client.get("/beheer/").content.decode()
    assert "/beheer/axes/accessattempt/" in index
    listing = admin_client.get("/beheer/axes/accessattempt/")
    assert listing.status_code == 200 and "jeugdprofessional" in listing.content.decode()
    assert admin_client.get("/beheer/axes/accessfailurelog/").status_code == 200
    attempt = AccessAttempt.objects.get(username="jeugdprofessional")
    detail = admin_client.get(f"/beheer/axes/accessattempt/{attempt.pk}/change/")
    assert detail.status_code == 200 and "Geheim-maar-fout-1" not in detail.content.decode()  # no password
    lifted = admin_client.post(
        "/beheer/axes/accessattempt/",
        {"action": "lift_lockout", "_selected_action": [attempt.pk]},
        follow=True,
    )
    assert "1 blokkade opgeheven" in lifted.content.decode()
    assert login("jeugdprofessional").status_code == 302


def test_behind_a_proxy_each_client_address_has_its_own_lockout(client, demo_users, settings):
    # What production makes of PROXY_COUNT (default 1: one proxy that appends the client's address).
    script = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.AXES_IPWARE_PROXY_COUNT, s.AXES_IPWARE_META_PRECEDENCE_ORDER,"
        " s.AXES_IPWARE_PROXY_ORDER, getattr(s, 'IPWARE_STRICT', None)]))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k8$Vq2!xR7pL0wZs#9dFm4TgHj6Bn3Ue5Yc1Ai8Oo2Pl7Kk4Rr6Ss0Tt9Uu3Vv5Ww",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zicht",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "testserver",
    }
    result = run_python("-c", script, env=env)
    count, order, side, strict = json.loads(result.stdout)
    settings.AXES_IPWARE_PROXY_COUNT = count
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = order
    settings.AXES_IPWARE_PROXY_ORDER = side
    settings.IPWARE_STRICT = strict

    def attempt(address: str, password: str):
        return client.post(
            "/account/inloggen/",
            {"username": "jeugdprofessional", "password": password},
            headers={"X-Forwarded-For": address},
        )

    for _ in range(4):
        assert attempt("198.51.100.7", "wrong").status_code == 200
    for _ in range(4):
        assert attempt("203.0.113.9", "wrong").status_code == 200  # another client: its own count
    assert attempt("198.51.100.7", "wrong").status_code == 429  # the fifth from this client locks it
    assert attempt("198.51.100.7", "demo").status_code == 429
    # A client that puts an address of its own in front is still counted by what the proxy saw.
    assert attempt("192.0.2.1, 198.51.100.7", "demo").status_code == 429
    assert attempt("203.0.113.9", "demo").status_code == 302


class TestMailCarriesNoCaseData:
    def test_a_notification_mail_says_only_that_something_waits(self, oost, outsider, lead, privacy_officer):
        case = factories.case(team=oost, director=factories.user(teams=(oost,)), children=1)
        child = factories.children_of(case)[0]
        child.bsn = "111222333"
        child.save()
        reason = "Kind met letsel op de SEH, moeder zoekt hulp."
        case_services.emergency_access_request(by=outsider, bsn="111222333", reason=reason)
        sent = notifications_email(list(Notification.objects.values_list("pk", flat=True)))
        assert sent == 2
        for message in mail.outbox:
            text = message.subject + message.body
            for secret in (reason, case.family.name, child.given_name, outsider.last_name, oost.name):
                assert secret not in text, secret
            assert "/account/meldingen/" in message.body

    def test_the_daily_digest_names_no_family_or_child(self, oost, worker, lead):

        case = factories.case(team=oost, director=worker, children=1)
        Case.objects.update(opened_on=timezone.localdate() - dt.timedelta(days=60))
        flags_evaluate(rules=["OV-01"])
        assert flag_digest_send() == 2
        assert notifications_email(list(Notification.objects.values_list("pk", flat=True))) == 2
        names = [case.family.name, *(child.given_name for child in factories.children_of(case))]
        names += [worker.first_name, worker.last_name]
        assert len(mail.outbox) == 2
        for message in mail.outbox:
            assert not [name for name in names if name in message.subject + message.body]
