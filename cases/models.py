from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.names import full_name


class Phase(models.TextChoices):
    INTAKE = "intake", _("Intake")
    VOLUNTARY = "voluntary", _("Voluntary")
    PRESSURE = "pressure", _("Pressure")
    INVESTIGATION = "investigation", _("Board investigation")
    MANDATED = "mandated", _("Court measure")
    CLOSED = "closed", _("Closed")


class ClosingReason(models.TextChoices):
    SAFE_ENOUGH = "safe_enough", _("Safety sufficiently guaranteed")
    HANDED_OVER = "handed_over", _("Handed over")
    MOVED_AWAY = "moved_away", _("Moved away")
    MEASURE_ENDED = "measure_ended", _("Measure ended")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class Relation(models.TextChoices):
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other")


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    OFFICE = "office", _("Office meeting")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    SCHOOL = "school", _("At school")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    WARM_HANDOVER = "warm_handover", _("Warm handover with Veilig Thuis")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


# Kinds in which the worker and the child were in one room: these count as "seen face to face".
FACE_TO_FACE = frozenset(
    {ContactKind.HOME_VISIT, ContactKind.OFFICE, ContactKind.SCHOOL, ContactKind.NETWORK_MEETING}
)
# Kinds in which nobody was seen at all.
NOT_HELD = frozenset({ContactKind.CANCELLED, ContactKind.NO_SHOW})


class Family(models.Model):
    """A household: the people who live together, children and adults."""

    name = models.CharField(_("household name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The members' search names, one per line: name search matches a household in one trigram-indexed
    # column, not through every person and membership (ADR 14). Kept by cases.services.family_names_refresh.
    search_names = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    given_name = models.CharField(_("first name"), max_length=100)
    surname_prefix = models.CharField(
        _("prefix"), max_length=20, blank=True, help_text=_("e.g. van, de, van der")
    )
    surname = models.CharField(_("surname"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, null=True, blank=True)
    # Lower case, without accents: what name search compares against (trigram-indexed on PostgreSQL).
    search_name = models.CharField(max_length=240, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["birth_date"], name="person_birth_date")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.surname_prefix, self.surname)

    def age_on(self, day) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())


class Membership(models.Model):
    """A person's place in a household; a child of separated parents can belong to two."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    parental_authority = models.BooleanField(_("has parental authority"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "person"], name="membership_unique")]


class Address(models.Model):
    """Where a household lives, with history; a new address is a move."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(_("street"), max_length=200)
    house_number = models.CharField(_("house number"), max_length=20)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    valid_from = models.DateField(_("living here since"))
    valid_to = models.DateField(null=True, blank=True)
    # Set when the move took the family out of the area of the team holding its case.
    left_team_area = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(valid_to__isnull=True), name="one_current_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}"


class CaseNumber(models.Model):
    """The last case number handed out per year (Z-2026-00042)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Case(models.Model):
    """One family episode: one family, one plan, one director."""

    number = models.CharField(_("case number"), max_length=20, unique=True)
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="cases", verbose_name=_("family")
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.INTAKE)
    children = models.ManyToManyField(Person, through="CaseChild", related_name="cases")
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.CharField(
        _("closing reason"), max_length=20, choices=ClosingReason.choices, blank=True
    )
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    # Kept by the contact services, for lists and stalled-case rules that must not scan all contacts.
    last_contact_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every write to the case bumps it; a stale form is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["team", "phase"], name="case_team_phase"),
            # The team list: a team's open cases in case-number order, without reading its closed ones.
            models.Index(fields=["team", "number"], name="case_team_open", condition=~Q(phase="closed")),
        ]
        # Per-case permissions only (cases/access.py); nobody holds them model-wide.
        default_permissions = ()
        permissions = [
            ("view_case", _("View the case")),
            ("view_notes", _("Read contact notes")),
            ("work_case", _("Log contacts and work on the case")),
            ("monitor_case", _("Add monitoring notes")),
            ("edit_plan", _("Edit the safety plan")),
            ("agree_plan", _("Agree and co-sign the safety plan")),
            ("submit_to_table", _("Submit to the Beschermtafel")),
            ("record_measure", _("Record a court measure")),
            ("direct_case", _("Direct the case: phases and assignments")),
            ("reopen_case", _("Reopen a recently closed case")),
            ("view_access_log", _("View the access log")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED


class CaseChild(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_children")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    # Kept by the contact services: the last face-to-face contact in which this child was seen.
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "child"], name="case_child_unique")]


class CaseRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    CO_WORKER = "co_worker", _("Co-worker")
    VT_MONITOR = "vt_monitor", _("Veilig Thuis monitor")
    GI_WORKER = "gi_worker", _("Child protection worker (GI)")
    BOARD_INVESTIGATOR = "board_investigator", _("Board investigator")


class CaseAssignment(models.Model):
    """Who works on a case, in which role, from when until when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    role = models.CharField(max_length=20, choices=CaseRole.choices)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role="director", ends_at__isnull=True),
                name="one_active_director",
            ),
            models.UniqueConstraint(
                fields=["case", "user", "role"], condition=Q(ends_at__isnull=True), name="one_active_role"
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_at"], name="assignment_user_active")]


class PhaseChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)  # blank: the case opened
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    # None: Zicht moved the case itself (a repair), not a person.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["case", "-changed_at"], name="phasechange_case_at")]


class Contact(models.Model):
    """A contactmoment: a home visit, a call, a meeting — or one that did not take place."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    present = models.CharField(_("who was present"), max_length=500, blank=True)
    children_seen = models.ManyToManyField(Person, related_name="contacts_seen_in", blank=True)
    children_spoken_alone = models.ManyToManyField(
        Person, related_name="contacts_spoken_alone_in", blank=True
    )
    safety_scale = models.PositiveSmallIntegerField(
        _("safety scale"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["case", "-occurred_at"], name="contact_case_occurred")]
        constraints = [
            models.CheckConstraint(
                condition=Q(safety_scale__isnull=True) | Q(safety_scale__lte=10), name="contact_scale_0_10"
            )
        ]


class ContactRevision(models.Model):
    """An earlier wording of a contact note, kept when its author edits it."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="revisions")
    note = models.TextField()
    safety_scale = models.PositiveSmallIntegerField(null=True)
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A user's permission on one case, computed from the policy (never edited by hand)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission"], name="caseuserperm_user_perm")]


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """A group's (team leads') permission on one case, computed from the policy."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["group", "permission"], name="casegroupperm_group_perm")]


class EmergencyAccess(models.Model):
    """Break the glass: view-only access to a case outside one's own, with a reason, for 24 hours."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user_expires")]
