"""Writes for organisations, teams and users."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Organisation, Team, User
from accounts.roles import ADMIN_PERMISSIONS, Role


def role_groups_sync() -> None:
    """Make sure every role has its group, and the functional admin exactly its admin permissions."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    wanted = Permission.objects.none()
    for app_label, model, actions in ADMIN_PERMISSIONS:
        wanted |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    Group.objects.get(name=Role.ADMIN.value).permissions.set(wanted)


def _team_group_name(*, organisation: Organisation, name: str) -> str:
    return f"team:{organisation.pk}:{name}"[:150]


@transaction.atomic
def team_save(*, team: Team) -> Team:
    """Save a new or renamed team, with the groups that hold its members and its leads."""
    group_name = _team_group_name(organisation=team.organisation, name=team.name)
    for field, name in (("group", group_name), ("lead_group", f"{group_name}:leads"[:150])):
        group = getattr(team, field) if getattr(team, f"{field}_id") else None
        if group is None:
            setattr(team, field, Group.objects.create(name=name))
        elif group.name != name:
            group.name = name
            group.save(update_fields=["name"])
    team.save()
    return team


@transaction.atomic
def user_set_roles_and_teams(*, user: User, roles: Iterable[Role], teams: Iterable[Team]) -> None:
    """Replace the user's role and team memberships; other groups are left alone."""
    role_names = [Role(role).value for role in roles]
    teams = list(teams)
    managed = Group.objects.filter(
        Q(name__in=[role.value for role in Role]) | Q(team__isnull=False) | Q(led_team__isnull=False)
    )
    keep = user.groups.exclude(pk__in=managed.values("pk"))
    wanted = list(keep) + list(Group.objects.filter(name__in=role_names)) + [team.group for team in teams]
    if Role.TEAM_LEAD.value in role_names:
        wanted += [team.lead_group for team in teams]
    user.groups.set(wanted)
    user.__dict__.pop("_roles", None)
    user.is_staff = Role.ADMIN.value in role_names or user.is_superuser
    user.save(update_fields=["is_staff"])


def totp_device_for(user: User) -> TOTPDevice:
    """The user's authenticator: the confirmed one, or an unconfirmed one to set up (kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="Zicht", confirmed=False
        )
    return device


@transaction.atomic
def totp_verify(*, request, device: TOTPDevice, token: str) -> bool:
    """Check a code; the first good code confirms a new device. On success the session counts as verified."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True
