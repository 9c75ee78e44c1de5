"""The Beschermtafel's stalled-case rules (domain.md §9, JBT-01..03), one module each with a module-level
RULE (core.rules). The flags app finds them (flags.registry.discover); nothing here imports flags.
"""

from django.utils.translation import gettext_lazy as _

FACT_LABELS = {
    "submitted_at": _("Submitted"),
    "table_name": _("Beschermtafel"),
    "report_back_on": _("Report back on"),
    "meeting_date": _("Meeting"),
    "investigator_name": _("Raad investigator"),
}
