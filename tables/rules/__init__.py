"""The Beschermtafel's stalled-case rules (domain.md §9, JBT-01..03), registered in cases.rules' registry.

Imported from TablesConfig.ready(): the engine discovers only cases/rules/ itself.
"""

from django.utils.translation import gettext_lazy as _

from cases.rules import FACT_LABELS

FACT_LABELS.setdefault("submitted_at", _("Submitted"))
FACT_LABELS.setdefault("table_name", _("Beschermtafel"))
FACT_LABELS.setdefault("report_back_on", _("Report back on"))
FACT_LABELS.setdefault("meeting_date", _("Meeting"))
FACT_LABELS.setdefault("investigator_name", _("Raad investigator"))


def load() -> None:
    from tables.rules import jbt01_not_scheduled, jbt02_report_back_overdue, jbt03_board_decision_missing  # noqa: F401
