"""The chain's systems that talk to Zicht: API clients per organisation, and the Meldingen they sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A system of one organisation (a Veilig Thuis registration system, say) with its own token.

    Its calls act as ``user``: a technical account of the organisation with the role its scope needs, so an
    API call goes through the same services, permission checks and access log as a person in the browser.
    The token itself is never stored: only its SHA-256 and its first characters (to recognise it).
    """

    class Scope(models.TextChoices):
        INTAKE = "intake", _("Send handovers (Melding)")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system this is, e.g. its product name.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    scope = models.CharField(_("what it may do"), max_length=20, choices=Scope.choices, default=Scope.INTAKE)
    token_prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Intake(models.Model):
    """A Melding an organisation sent, by its own id: the same id posted again finds the same handover."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="intakes")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    sender_id = models.CharField(max_length=100)  # the Melding's registratienummer
    # SHA-256 of the document as received (canonical JSON): the same id with other content is refused.
    document_hash = models.CharField(max_length=64)
    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="intake")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sender_id"], name="intake_one_per_sender_id")
        ]
