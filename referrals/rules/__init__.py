"""Veilig Thuis handover rules (VT-05..08), one module each with a module-level RULE (core.rules).

The flags app finds them (flags.registry.discover) and evaluates them; nothing here imports flags.
"""

from django.utils.translation import gettext_lazy as _

FACT_LABELS = {
    "reference": _("Reference"),
    "sent_at": _("Sent"),
    "accepted_at": _("Accepted"),
    "due_on": _("Monitoring moment"),
    "months_after_acceptance": _("months after acceptance"),
}
