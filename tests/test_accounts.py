import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Notification, Organisation, Team, User
from accounts.roles import Role
from accounts.services import notify, team_save, user_set_roles_and_teams
from accounts.tasks import notifications_email, notifications_email_pending

pytestmark = pytest.mark.django_db

# Username -> the Dutch role heading on their home page. Stated here, not imported.
DEMO_ROLE_HEADINGS = {
    "jeugdprofessional": "Als Jeugdprofessional",
    "teamleider": "Als Teamleider",
    "veiligthuis": "Als Medewerker Veilig Thuis",
    "voorzitter": "Als Voorzitter Beschermtafel",
    "tafellid": "Als Tafellid Beschermtafel",
    "jeugdbeschermer": "Als Jeugdbeschermer",
    "raadsonderzoeker": "Als Raadsonderzoeker",
    "beheerder": "Als Functioneel beheerder",
    "privacy": "Als Privacyfunctionaris",
}


@pytest.mark.parametrize("username", DEMO_ROLE_HEADINGS)
def test_every_demo_user_logs_in_and_sees_a_dutch_home_page(client, login, demo_users, username):
    response = login(username)
    assert response.status_code == 302
    assert response["Location"] == "/"

    page = client.get("/").content.decode()
    assert '<html lang="nl">' in page
    assert "Welkom" in page
    assert DEMO_ROLE_HEADINGS[username] in page
    assert "Uitloggen" in page
    assert 'href="#inhoud"' in page  # skip link


def test_wrong_password_is_refused_in_dutch(client, login, demo_users):
    response = login("jeugdprofessional", "not-the-password")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_login(client, login, demo_users):
    for _ in range(5):
        login("jeugdprofessional", "wrong")
    response = login("jeugdprofessional")  # even the right password, while locked
    assert response.status_code == 429
    assert "Te vaak een verkeerd wachtwoord" in response.content.decode()
    assert "15 minuten geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_logout_is_a_post_and_shows_a_dutch_page(client, login, demo_users):
    login("jeugdprofessional")
    assert client.get("/account/uitloggen/").status_code == 405
    response = client.post("/account/uitloggen/", follow=True)
    assert "U bent uitgelogd" in response.content.decode()
    assert client.get("/").status_code == 302


def test_navigation_fits_the_role(client, login, demo_users):
    login("beheerder")
    assert 'href="/beheer/"' in client.get("/").content.decode()
    client.post("/account/uitloggen/")
    login("jeugdprofessional")
    assert 'href="/beheer/"' not in client.get("/").content.decode()


def test_functional_admin_manages_people_not_superusers(client, login, demo_users):
    User.objects.create_superuser("root-admin", "root@example.org", "x-very-long-password")
    login("beheerder")
    assert client.get("/beheer/").status_code == 200
    users_page = client.get("/beheer/accounts/user/").content.decode()
    assert "jeugdprofessional" in users_page
    assert "root-admin" not in users_page
    assert client.get("/beheer/accounts/organisation/").status_code == 200
    assert client.get("/beheer/accounts/team/").status_code == 200


def test_functional_admin_sets_roles_and_teams_through_the_admin(client, login, demo_users):
    login("beheerder")
    team = Team.objects.get(name="Team Zaandam-West")
    user = demo_users["jeugdprofessional"]
    form = client.get(f"/beheer/accounts/user/{user.pk}/change/").context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "password"}
    data.update(
        {
            "organisation": user.organisation_id,
            "roles": [Role.YOUTH_WORKER.value, Role.TEAM_LEAD.value],
            "teams": [team.pk],
            "date_joined_0": user.date_joined.strftime("%d-%m-%Y"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/beheer/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.roles == [Role.YOUTH_WORKER, Role.TEAM_LEAD]
    assert list(user.teams) == [team]


def test_a_youth_worker_cannot_open_the_admin(client, login, demo_users):
    login("jeugdprofessional")
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_team_members_are_the_users_in_its_group():
    organisation = Organisation.objects.create(name="Jeugdteam Oostzaan", kind=Organisation.Kind.LOCAL_TEAM)
    team = team_save(team=Team(organisation=organisation, name="Team Noord"))
    worker = User.objects.create_user("worker", password="x")
    user_set_roles_and_teams(user=worker, roles=[Role.YOUTH_WORKER], teams=[team])

    assert list(worker.teams) == [team]
    assert worker.roles == [Role.YOUTH_WORKER]
    assert not worker.is_staff

    team.name = "Team Zuid"
    team_save(team=team)
    assert Group.objects.filter(team=team).get().name == f"team:{organisation.pk}:Team Zuid"


def test_changing_roles_keeps_groups_zicht_does_not_manage():
    other = Group.objects.create(name="mailing-list")
    worker = User.objects.create_user("worker", password="x")
    worker.groups.add(other)
    user_set_roles_and_teams(user=worker, roles=[Role.ADMIN], teams=[])
    assert set(worker.groups.values_list("name", flat=True)) == {"mailing-list", "admin"}
    assert worker.is_staff
    user_set_roles_and_teams(user=worker, roles=[], teams=[])
    assert set(worker.groups.values_list("name", flat=True)) == {"mailing-list"}
    assert not worker.is_staff


def test_role_groups_exist_after_migrating():
    assert set(Group.objects.filter(name__in=[r.value for r in Role]).values_list("name", flat=True)) == {
        "youth_worker",
        "team_lead",
        "vt_worker",
        "table_chair",
        "table_member",
        "gi_worker",
        "board_investigator",
        "admin",
        "privacy_officer",
        "municipality",
    }


def test_health_endpoint_answers_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"


# One notify() for every app ----------------------------------------------------------------------


def test_notify_tells_each_user_once_and_mails_after_commit(
    worker, lead, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        made = notify(users=[worker, lead, worker], text="Casus Z-2026-00001: kind niet gezien.", link="/x/")
    assert sorted(notification.recipient.username for notification in made) == sorted(
        [worker.username, lead.username]
    )
    assert len(callbacks) == 1 and not mailoutbox  # the e-mail goes out after commit, through Celery

    assert notifications_email([notification.pk for notification in made]) == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted([worker.email, lead.email])
    for message in mailoutbox:  # the e-mail names no case: only that something waits
        assert "Z-2026-00001" not in message.body and "/x/" not in message.body


def test_notify_for_the_app_only_never_sends_mail(worker, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks() as callbacks:
        (made,) = notify(users=[worker], text="Alleen in de app.", email=False)
    assert not callbacks
    assert worker.notifications.get() == made
    # Not even the periodic pick-up of e-mail that could not be sent while the broker was down.
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert notifications_email_pending() == 0
    assert not mailoutbox


def test_the_logged_in_user_comes_with_their_roles_in_one_query(django_assert_num_queries):
    """The login backend reads the user's groups with the user: the navigation, and every permission check
    that asks for the roles, spend no query of their own on them."""
    from accounts.backends import ZichtModelBackend
    from accounts.roles import roles_of
    from tests import factories

    team = factories.team()
    lead = factories.user(role=Role.TEAM_LEAD, teams=(team,))
    with django_assert_num_queries(1):
        loaded = ZichtModelBackend().get_user(lead.pk)
        assert roles_of(loaded) == [Role.TEAM_LEAD]
        assert loaded.organisation == team.organisation
    loner = factories.user(role=Role.ADMIN)
    loner.groups.clear()
    with django_assert_num_queries(1):
        assert roles_of(ZichtModelBackend().get_user(loner.pk)) == []
    loner.is_active = False
    loner.save()
    assert ZichtModelBackend().get_user(loner.pk) is None
    assert ZichtModelBackend().get_user(10**9) is None

    # Roles changed through the service are read again.
    assert roles_of(lead) == [Role.TEAM_LEAD]
    user_set_roles_and_teams(user=lead, roles=[Role.YOUTH_WORKER], teams=[team])
    assert roles_of(lead) == [Role.YOUTH_WORKER]
