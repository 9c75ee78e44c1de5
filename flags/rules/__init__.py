"""The rules about the case file as a whole (OV-01..05: out of view, missed visits, moved away, repeat
report, nobody directing), one module each with a module-level RULE (core.rules).

They read only the case file, so they are the signals app's own; the rules about a handover, a plan, a
measure or the table live in that app's rules/. flags.registry.discover finds both kinds alike.
"""

from django.utils.translation import gettext_lazy as _

FACT_LABELS = {
    "oldest_seen": _("Last seen"),
    "last_kind": _("Last contact"),
    "before_kind": _("Contact before"),
    "number": _("Case"),
    "previous": _("Previous case"),
}
FACT_EMPTY = {
    # OV-01 counts a never-seen child from the day the case opened, but says so: no date it was not seen on.
    "oldest_seen": _("not yet seen face to face"),
}
