from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, roles_named


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_TEAM = "local_team", _("Local team")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
        CERTIFIED_INSTITUTION = "certified_institution", _("Certified institution (GI)")
        CHILD_PROTECTION_BOARD = "child_protection_board", _("Raad voor de Kinderbescherming")
        MUNICIPALITY = "municipality", _("Municipality")
        TABLE_SECRETARIAT = "table_secretariat", _("Beschermtafel secretariat")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # For a municipality's own organisation: which one it is (its reports cover the teams serving it).
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Only for a municipality's own organisation: whose figures its staff see."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team within an organisation; its members are the users in its Django group."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="team", editable=False)
    # The team's leads: case permissions for team leads are stored on this group (cases/access.py).
    lead_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="led_team", editable=False, null=True
    )
    municipalities = models.ManyToManyField(
        "accounts.Municipality", related_name="teams", blank=True, verbose_name=_("municipalities served")
    )
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, help_text=_("Printed on the family's safety plan.")
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def has_member(self, user) -> bool:
        """Whether the user belongs to this team (its member group): the one membership check."""
        return user.groups.filter(pk=self.group_id).exists()


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    phone = models.CharField(
        _("work phone number"),
        max_length=20,
        blank=True,
        help_text=_("Printed on the family's safety plan, so the family can reach their own worker."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def roles(self) -> list[Role]:
        """The user's roles, in the order of Role; read from the groups (prefetch them for lists)."""
        return roles_named({group.name for group in self.groups.all()})

    @property
    def teams(self) -> models.QuerySet[Team]:
        return Team.objects.filter(group__user=self).select_related("organisation")

    def has_role(self, role: Role) -> bool:
        return role in self.roles


def user_name(path: str = "") -> Concat:
    """A user's "first last" name in SQL, for a query that needs only the name; ``path`` leads to the user
    ("author__", "user__"). As get_full_name() writes it, but not stripped."""
    return Concat(f"{path}first_name", models.Value(" "), f"{path}last_name")


class Municipality(models.Model):
    """A Dutch municipality (gemeente), by its CBS code; teams serve one or more."""

    code = models.CharField(_("CBS code"), max_length=6, unique=True, help_text="GM0479")
    name = models.CharField(_("name"), max_length=100, unique=True)
    # Where a Veilig Thuis handover for a family living here goes when Veilig Thuis names no team.
    handover_team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team receiving handovers"),
        help_text=_("The local team that receives Veilig Thuis handovers for families living here."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        team = self.handover_team
        if team is None:
            return
        if team.organisation.kind != Organisation.Kind.LOCAL_TEAM or (
            self.pk and not team.municipalities.filter(pk=self.pk).exists()
        ):
            raise ValidationError({"handover_team": _("Choose a local team that serves this municipality.")})


class Notification(models.Model):
    """A message for one user in the app (and, for some, by e-mail too)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When its e-mail went out; for a notification made for the app only (notify(email=False)), when it was
    # made, so the periodic pick-up of unsent e-mail leaves it alone.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]


class UserChange(models.Model):
    """A change the functional admin made to a user's account: who, when and which fields (never a password).

    The user is told in the app at their next login (a Notification made with it).
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Account created")
        CHANGED = "changed", _("Account changed")
        PASSWORD_LINK = "password_link", _("Link to set the password sent")

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="admin_changes", verbose_name=_("user")
    )
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by"))
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The names of the changed fields, and per field the value before and after (as text).
    fields = models.JSONField(default=list, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
