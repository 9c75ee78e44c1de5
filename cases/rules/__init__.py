"""The case's own stalled-case rules (OV-01..05), one module each with a module-level RULE (core.rules).

The flags app finds them (flags.registry.discover) and evaluates them; nothing here imports flags.
"""

from django.utils.translation import gettext_lazy as _

FACT_LABELS = {
    "oldest_seen": _("Last seen"),
    "last_kind": _("Last contact"),
    "before_kind": _("Contact before"),
    "number": _("Case"),
    "previous": _("Previous case"),
}
