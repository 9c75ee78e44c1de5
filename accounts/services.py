"""Writes for organisations, teams and users."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import hooks
from accounts.models import Notification, Organisation, Team, User, UserChange
from accounts.roles import ADMIN_PERMISSIONS, CASE_ROLES, Role
from accounts.tasks import email_address_changed_notice, notifications_email, set_password_link_email
from core.queue import enqueue_on_commit


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


def roles_conflict_check(roles: Iterable[Role]) -> None:
    """The functional admin manages people and never reads case files: no case role beside the admin role."""
    roles = {Role(role) for role in roles}
    if Role.ADMIN in roles and roles & CASE_ROLES:
        raise ValidationError(
            {
                "roles": _(
                    "A functional administrator cannot also have a role that reaches case files "
                    "(%(roles)s). Give that role to another account."
                )
                % {
                    "roles": get_text_list(
                        [str(role.label) for role in Role if role in roles & CASE_ROLES], _("and")
                    )
                }
            }
        )


@transaction.atomic
def user_set_roles_and_teams(
    *, user: User, roles: Iterable[Role], teams: Iterable[Team], by: User | None = None
) -> dict[str, list[list[str]]]:
    """Replace the user's role and team memberships; other groups are left alone.

    ``by`` is the person making the change (None for Zicht itself: demo data, tests). Nobody changes
    their own roles or teams; a change that grants access to case files is written to the access log
    and told to the privacy officers. Returns what changed: {"roles": [before, after], "teams": [...]}.
    """
    role_names = [Role(role).value for role in roles]
    teams = list(teams)
    roles_conflict_check(role_names)
    roles_before = [role.value for role in user.roles] if user.pk else []
    teams_before = list(user.teams) if user.pk else []
    changed: dict[str, list[list[str]]] = {}
    if set(roles_before) != set(role_names):
        changed["roles"] = [roles_before, [role.value for role in Role if role.value in role_names]]
    if {team.pk for team in teams_before} != {team.pk for team in teams}:
        changed["teams"] = [[str(team) for team in teams_before], [str(team) for team in teams]]
    if by is not None and by.pk == user.pk and changed:
        raise PermissionDenied(_("You cannot change your own roles or teams. Ask another administrator."))
    managed = Group.objects.filter(
        Q(name__in=[role.value for role in Role]) | Q(team__isnull=False) | Q(led_team__isnull=False)
    )
    keep = user.groups.exclude(pk__in=managed.values("pk"))
    wanted = list(keep) + list(Group.objects.filter(name__in=role_names)) + [team.group for team in teams]
    if Role.TEAM_LEAD.value in role_names:
        wanted += [team.lead_group for team in teams]
    user.groups.set(wanted)
    user._roles = None  # read again by roles_of
    user.is_staff = Role.ADMIN.value in role_names or user.is_superuser
    user.save(update_fields=["is_staff"])
    case_roles_before = {Role(name) for name in roles_before} & CASE_ROLES
    case_roles_after = {Role(name) for name in role_names} & CASE_ROLES
    teams_added = {team.pk for team in teams} - {team.pk for team in teams_before}
    if by is not None and (case_roles_after - case_roles_before or (case_roles_after and teams_added)):
        _case_access_granted(by=by, user=user, changed=changed, roles=case_roles_after, teams=teams)
    return changed


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def role_holders(role: Role) -> QuerySet[User]:
    """The active users who hold ``role``."""
    return User.objects.filter(groups__name=role.value, is_active=True).distinct()


def privacy_officers() -> QuerySet[User]:
    """The active privacy officers (told of every new way into case files, and of the privacy app's work)."""
    return role_holders(Role.PRIVACY_OFFICER)


def notify(*, users: Iterable[User], text: str, link: str = "", email: bool = True) -> list[Notification]:
    """Tell each of the users (once, however often they are named) in the app; and by e-mail, after commit.

    The e-mail names nobody and no case: it only says that something waits in Zicht, with a link to the
    notification (accounts.tasks.notifications_email). With ``email=False`` the notification is for the
    app only: it counts as done for the e-mail, so the periodic pick-up never sends one either.
    """
    recipients = {user.pk: user for user in users}.values()
    emailed_at = None if email else timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, text=text, link=link, emailed_at=emailed_at) for user in recipients
    )
    ids = [notification.pk for notification in notifications]
    if ids and email:
        enqueue_on_commit(notifications_email, ids)
    return notifications


def _case_access_granted(*, by: User, user: User, changed: dict, roles: set[Role], teams: list[Team]) -> None:
    """Log that ``by`` gave ``user`` a way into case files, and tell the privacy officers."""
    hooks.access_record(
        user=by,
        action="update",
        object_ref=f"user:{user.pk}",
        reason=_("Roles or teams changed: this grants access to case files."),
        detail={"grants_case_access": True, "user": user.pk, "username": user.username, **changed},
    )
    text = _(
        "%(admin)s gave %(user)s access to case files on %(when)s (roles: %(roles)s; teams: %(teams)s)."
    ) % {
        "admin": _name(by),
        "user": f"{_name(user)} ({user.username})",
        "when": date_format(timezone.localtime(), "j F Y, H:i"),
        "roles": ", ".join(str(role.label) for role in Role if role in roles),
        "teams": ", ".join(team.name for team in teams) or "-",
    }
    notify(users=privacy_officers().exclude(pk__in=[by.pk, user.pk]), text=text)


def _field_label(name: str) -> str:
    if name in ("roles", "teams"):
        return {"roles": _("roles"), "teams": _("teams")}[name]
    try:
        return str(User._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a form-only field: its name says enough
        return name


def _user_change_record(*, by: User, user: User, kind: str, fields: list[str], detail: dict) -> UserChange:
    """Keep who changed what on the account, and tell the user in the app (shown after their next login)."""
    change = UserChange.objects.create(user=user, by=by, kind=kind, fields=fields, detail=detail)
    values = {"admin": _name(by), "when": date_format(timezone.localtime(change.at), "j F Y, H:i")}
    if kind == UserChange.Kind.CREATED:
        text = _("The functional administrator (%(admin)s) created your account on %(when)s.") % values
    elif kind == UserChange.Kind.PASSWORD_LINK:
        text = (
            _(
                "The functional administrator (%(admin)s) had a link to set your password sent to you "
                "on %(when)s. Your two-step login is set up again when you use it."
            )
            % values
        )
    else:
        values["fields"] = get_text_list([_field_label(name) for name in fields], _("and"))
        text = _("The functional administrator (%(admin)s) changed your %(fields)s on %(when)s.") % values
    notify(users=[user], text=text)
    return change


@transaction.atomic
def user_admin_save(
    *,
    by: User,
    user: User,
    created: bool,
    roles: Iterable[Role],
    teams: Iterable[Team],
    changed_fields: Iterable[str] = (),
    old_values: dict | None = None,
) -> UserChange | None:
    """After the functional admin saved a user: roles and teams, the record of the change, who is told.

    A new user gets an e-mail with a link to set their own password; a changed e-mail address is
    reported to the old address as well.
    """
    old_values = old_values or {}
    changed = user_set_roles_and_teams(user=user, roles=roles, teams=teams, by=by)
    fields = [name for name in changed_fields if name not in ("roles", "teams")] + list(changed)
    detail = {
        name: [str(old_values.get(name, "")), str(getattr(user, name, "") or "")]
        for name in fields
        if name not in changed
    } | changed
    if created:
        change = _user_change_record(
            by=by, user=user, kind=UserChange.Kind.CREATED, fields=fields, detail=detail
        )
        if user.email and user.is_active:
            enqueue_on_commit(set_password_link_email, user.pk)
        return change
    if not fields:
        return None
    if "email" in fields and old_values.get("email"):
        enqueue_on_commit(email_address_changed_notice, old_values["email"])
    return _user_change_record(by=by, user=user, kind=UserChange.Kind.CHANGED, fields=fields, detail=detail)


@transaction.atomic
def set_password_link_send(*, by: User, user: User) -> UserChange:
    """E-mail the user a one-time, expiring link to set their password (the admin never sees it).

    Refused for an account without an e-mail address or that is switched off. For a user who can
    reach case files this is a way into those files: it is logged and told to the privacy officers.
    """
    if not user.is_active:
        raise ValidationError(
            _("%(user)s is not active; switch the account on first.") % {"user": user.username}
        )
    if not user.email:
        raise ValidationError(
            _("%(user)s has no e-mail address; fill one in first.") % {"user": user.username}
        )
    change = _user_change_record(by=by, user=user, kind=UserChange.Kind.PASSWORD_LINK, fields=[], detail={})
    if set(user.roles) & CASE_ROLES and by.pk != user.pk:
        hooks.access_record(
            user=by,
            action="update",
            object_ref=f"user:{user.pk}",
            reason=_("Link to set the password sent to a user who can reach case files."),
            detail={"set_password_link": True, "user": user.pk, "username": user.username},
        )
        text = _("%(admin)s had a link to set the password sent to %(user)s on %(when)s.") % {
            "admin": _name(by),
            "user": f"{_name(user)} ({user.username})",
            "when": date_format(timezone.localtime(change.at), "j F Y, H:i"),
        }
        notify(users=privacy_officers().exclude(pk__in=[by.pk, user.pk]), text=text)
    enqueue_on_commit(set_password_link_email, user.pk)
    return change


@transaction.atomic
def password_set_from_link(*, user: User, password: str) -> User:
    """The user sets their own password from the e-mailed link; their two-step devices go with the old one.

    At the next login they set up the authenticator app again; other sessions end with the old password.
    """
    from axes.utils import reset as axes_reset

    user.set_password(password)
    user.save(update_fields=["password"])
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    axes_reset(username=user.username)
    return user


@transaction.atomic
def login_lockouts_lift(*, attempts) -> int:
    """Lift login lockouts (django-axes access attempts); the failure log keeps the history."""
    count = attempts.count()
    attempts.delete()
    return count


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
