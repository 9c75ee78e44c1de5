"""Court measures (domain.md §4): OTS, interim OTS, placement authorisation, guardianship; and placements.

The tables were created by the cases app and keep their names (db_table), so no data moved.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeasureKind(models.TextChoices):
    INTERIM_SUPERVISION = "interim_supervision", _("Interim supervision order (voorlopige OTS)")
    SUPERVISION = "supervision", _("Supervision order (OTS)")
    PLACEMENT = "placement", _("Out-of-home placement authorisation (machtiging uithuisplaatsing)")
    GUARDIANSHIP = "guardianship", _("Termination of parental authority / guardianship")


# Legal maxima (domain.md §4.2, §4.4): months per decision and per extension. Guardianship has no end.
MEASURE_MAX_MONTHS = {
    MeasureKind.INTERIM_SUPERVISION: 3,
    MeasureKind.SUPERVISION: 12,
    MeasureKind.PLACEMENT: 12,
}
EXTENDABLE = (MeasureKind.SUPERVISION, MeasureKind.PLACEMENT)


class Measure(models.Model):
    """A child protection measure ordered by the juvenile court (domain.md §4)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    children = models.ManyToManyField("cases.Person", related_name="measures", verbose_name=_("children"))
    court = models.CharField(_("court"), max_length=200)
    decided_on = models.DateField(_("date of the decision"))
    starts_on = models.DateField(_("starts on"))
    # Current end: moved by each extension (the extensions keep the history). Empty for guardianship.
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    gi_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("certified institution"),
    )
    gi_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("child protection worker"),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_measure"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["kind", "ends_on"], name="measure_kind_end")]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class MeasureExtension(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="extensions")
    decided_on = models.DateField(_("date of the decision"))
    previous_ends_on = models.DateField()
    new_ends_on = models.DateField(_("new end date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_measureextension"
        ordering = ["decided_on", "pk"]


class Placement(models.Model):
    """Where a child lives under a placement authorisation."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="placements")
    child = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="placements", verbose_name=_("child")
    )
    where = models.CharField(_("where"), max_length=300)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "cases_placement"
        ordering = ["-since", "-pk"]
