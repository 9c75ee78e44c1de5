"""The court measures' stalled-case rules (domain.md §9), as plain data (core.rules); flags finds them.

Each pair differs only in the measure: OTS-01 and UHP-01 (an order started and nothing followed it) in
``not_followed_up``, OTS-02 and UHP-02 (an order ends soon) in ``ending_soon``. Nothing here imports flags.
"""

from django.utils.translation import gettext_lazy as _

FACT_LABELS = {
    "starts_on": _("Starts on"),
    "ends_on": _("Ends on"),
}
