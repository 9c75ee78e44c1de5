"""The access log (NEN 7513 style): who read or wrote which case data, when, on whose behalf, and why."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    """One read or write of case data (NEN 7513 style). Append-only: the database refuses changes."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Listed")
        SEARCH = "search", _("Searched")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        EXPORT = "export", _("Exported")
        PRINT = "print", _("Printed")
        EMERGENCY = "emergency", _("Emergency access")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="access_events", verbose_name=_("who")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        related_name="access_events",
        verbose_name=_("case"),
    )
    # What exactly was read or written: "contact:12", "case:3", "list:team", ...
    object_ref = models.CharField(_("object"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # For lists and searches: what was shown (case numbers) and how it was asked.
    detail = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        # The table keeps the name it had in the accounts app (its append-only trigger is accounts 0004).
        db_table = "accounts_accessevent"
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        indexes = [models.Index(fields=["case", "-at"], name="accessevent_case_at")]
