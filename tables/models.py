"""The Beschermtafel (domain.md §3): tables, meetings, submissions, agenda items, outcomes, agenda packs."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

# Default norm: a submission is scheduled within this many working days (domain.md §9, JBT-01) [REGIONAL].
DEFAULT_NORM_WORKING_DAYS = 10
# Default length of one discussion (Rivierenland: about an hour; Den Haag: 60-90 minutes).
DEFAULT_ITEM_MINUTES = 60
DEFAULT_CAPACITY_MINUTES = 240


class Table(models.Model):
    """A Beschermtafel: which municipalities it serves, who chairs it, which organisations sit at it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    municipalities = models.ManyToManyField(
        "accounts.Municipality", related_name="tables", blank=True, verbose_name=_("municipalities served")
    )
    chairs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="chaired_tables", blank=True, verbose_name=_("chairs")
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    member_organisations = models.ManyToManyField(
        "accounts.Organisation",
        related_name="tables",
        blank=True,
        verbose_name=_("standing member organisations"),
        help_text=_("Raad, GI, Veilig Thuis, local team, municipality."),
    )
    norm_working_days = models.PositiveSmallIntegerField(
        _("norm: scheduled within (working days)"), default=DEFAULT_NORM_WORKING_DAYS
    )
    default_place = models.CharField(_("usual meeting place"), max_length=300, blank=True)
    phone = models.CharField(
        _("phone number for families"), max_length=40, blank=True, help_text=_("Printed on the letters.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Beschermtafel")
        verbose_name_plural = _("Beschermtafels")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Agenda in preparation")
        PUBLISHED = "published", _("Agenda published")

    table = models.ForeignKey(Table, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=300)
    capacity_minutes = models.PositiveSmallIntegerField(
        _("time available (minutes)"), default=DEFAULT_CAPACITY_MINUTES
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    # The table members who sit in this meeting: after publishing they read its submissions.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="table_meetings", blank=True, verbose_name=_("members")
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: every change to the meeting or its agenda bumps it; the pack remembers it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-starts_at"]
        indexes = [models.Index(fields=["table", "date"], name="meeting_table_date")]

    def __str__(self) -> str:
        return f"{self.table} {self.date:%d-%m-%Y}"


class Submission(models.Model):
    """A verzoek tot bespreking (VTB): a family submitted to the table from its case. Never deleted."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, waiting for a date")
        SCHEDULED = "scheduled", _("On an agenda")
        DISCUSSED = "discussed", _("Discussed")
        RETURNED = "returned", _("Returned with a question")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # One per form shown: a second POST of the same form (double click, refresh) finds this row.
    form_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="table_submissions")
    table = models.ForeignKey(
        Table, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("Beschermtafel")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    question = models.TextField(_("question for the table"))
    reason = models.TextField(_("reason"), blank=True)
    worries = models.TextField(_("worries"), blank=True)
    strengths = models.TextField(_("strengths: what is going well"), blank=True)
    earlier_help = models.TextField(_("earlier help"), blank=True)
    asked = models.TextField(_("what is asked of the table"), blank=True)
    # The agreed plan attached, by version: an agreed plan never changes, so this is the text the table reads.
    safety_plan = models.ForeignKey(
        "safetyplans.SafetyPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="table_submissions",
        verbose_name=_("safety plan"),
    )
    parents_informed_on = models.DateField(_("parents told on"), null=True, blank=True)
    parents_invited = models.BooleanField(_("parents invited to the table"), default=False)
    parents_not_informed_reason = models.TextField(_("why the parents were not told"), blank=True)
    children_informed_on = models.DateField(_("children of 12 and older told on"), null=True, blank=True)
    children_invited = models.BooleanField(_("children of 12 and older invited"), default=False)
    children_not_informed_reason = models.TextField(_("why the children were not told"), blank=True)
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        # Per-object permissions only (table members, tables/access.py); nobody holds them model-wide.
        default_permissions = ()
        permissions = [("view_submission", _("Read the submission"))]
        indexes = [models.Index(fields=["table", "state"], name="submission_table_state")]
        constraints = [
            # One family is on the table's desk once at a time: a new request after the last is dealt with.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(state__in=["draft", "submitted", "scheduled", "returned"]),
                name="submission_one_open_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.table}"

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class SubmissionUserObjectPermission(UserObjectPermissionBase):
    """A table member's right to read one submission, while its meeting allows (never a row on the case)."""

    content_object = models.ForeignKey(Submission, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission"], name="submissionperm_user_perm")]


class SubmissionEvent(models.Model):
    """What happened to a submission, for the submitter, the chair and the case timeline."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted to the Beschermtafel")
        RETURNED = "returned", _("Returned with a question")
        SCHEDULED = "scheduled", _("Put on the agenda")
        UNSCHEDULED = "unscheduled", _("Taken off the agenda")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DISCUSSED = "discussed", _("Discussed at the table")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["submission", "at"], name="submissionevent_at")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["returned", "withdrawn"]) | ~Q(reason=""),
                name="submission_event_reason_required",
            )
        ]


class Invitee(models.TextChoices):
    PARENTS = "parents", _("Parents")
    CHILD = "child", _("Child of 12 or older")
    SUBMITTER = "submitter", _("Submitter")
    BOARD = "board", _("Raad voor de Kinderbescherming")
    GI = "gi", _("Certified institution (GI)")
    LOCAL_TEAM = "local_team", _("Local team")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")


DEFAULT_INVITEES = [Invitee.PARENTS, Invitee.SUBMITTER, Invitee.BOARD, Invitee.LOCAL_TEAM]


class AgendaItem(models.Model):
    """One family's discussion in a meeting: its place on the agenda, its length and who is invited."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), default=DEFAULT_ITEM_MINUTES)
    invitees = models.JSONField(_("invited"), default=list, blank=True)
    # The notulen of this discussion, written by the chair or secretary with the outcome.
    minutes = models.TextField(_("minutes of the discussion"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "submission"], name="agenda_item_once_per_meeting")
        ]


class Outcome(models.Model):
    """What the table decided about one family (domain.md §3.4), shaped for the JZV Uitkomst Overleg."""

    class Kind(models.TextChoices):
        VOLUNTARY_SUFFICIENT = "voluntary_sufficient", _("Voluntary help is enough (advice)")
        PRESSURE = "pressure", _("Agreements under pressure (drang)")
        BOARD_INVESTIGATION = "board_investigation", _("Raad voor de Kinderbescherming investigates")

    class BoardDecision(models.TextChoices):
        STARTED = "started", _("The Raad starts an investigation")
        NOT_STARTED = "not_started", _("The Raad does not start an investigation")

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="outcome")
    # The case it concerns, kept here for the case timeline and the stalled-case rules.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="table_outcomes")
    kind = models.CharField(_("outcome"), max_length=24, choices=Kind.choices)
    decision = models.TextField(_("decision and advice"))
    report_back_on = models.DateField(_("report back to the table on"), null=True, blank=True)
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Raad investigator"),
    )
    parents_informed = models.BooleanField(_("the parents were told the outcome"), default=False)
    parents_informed_note = models.TextField(_("how, or why not"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # JZV Uitkomst Overleg: its identifier, and the id of the event that made it available.
    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    phase_change = models.ForeignKey(
        "cases.PhaseChange", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Drang: the result is reported back to the table (JBT-02).
    reported_back_on = models.DateField(_("reported back on"), null=True, blank=True)
    report_back_note = models.TextField(_("what was reported back"), blank=True)
    # Raad investigation: the Raad's decision whether to start (JBT-03).
    board_decision = models.CharField(
        _("decision of the Raad"), max_length=12, choices=BoardDecision.choices, blank=True
    )
    board_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    board_decision_note = models.TextField(_("note"), blank=True)
    board_decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["kind", "report_back_on"], name="outcome_kind_report_back"),
            models.Index(fields=["case", "recorded_at"], name="outcome_case_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="board_investigation") | Q(investigator__isnull=False),
                name="outcome_board_names_investigator",
            ),
            models.CheckConstraint(
                condition=~Q(kind="pressure") | Q(report_back_on__isnull=False),
                name="outcome_pressure_report_back",
            ),
        ]


class OutcomeAgreement(models.Model):
    """Drang: who does what, by when."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="agreements")
    position = models.PositiveSmallIntegerField(default=0)
    who = models.CharField(_("who"), max_length=200)
    what = models.TextField(_("does what"))
    when = models.CharField(_("by when"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]


class AgendaPack(models.Model):
    """The meeting's agenda pack: one PDF, built by a worker, kept in the database (no shared volume)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the background worker")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="pack")
    state = models.CharField(max_length=12, choices=State.choices, default=State.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set when the request could not reach the broker: the page says so, the periodic pick-up builds it.
    queue_failed_at = models.DateTimeField(null=True, blank=True)
    # The build that holds the pack: a later build of the same request writes nothing.
    build_token = models.UUIDField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    items_done = models.PositiveSmallIntegerField(default=0)
    items_total = models.PositiveSmallIntegerField(default=0)
    meeting_version = models.PositiveIntegerField(default=0)
    # The case of every item in the pack, for the access log of each download.
    case_ids = models.JSONField(default=list)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pages = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "requested_at"], name="agendapack_state")]
