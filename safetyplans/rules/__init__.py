"""Safety plan rules (SP-01..03), one module each with a module-level RULE (core.rules).

The flags app finds them (flags.registry.discover) and evaluates them; nothing here imports flags.
"""

from django.utils.translation import gettext_lazy as _

FACT_LABELS = {
    "evaluation_on": _("Evaluation date"),
    "plan_version": _("Version"),
    "last_scored": _("Last scored"),
}
