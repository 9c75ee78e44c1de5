"""The privacy app's stalled-case rule (PV-01: a request of the family not answered in time), as plain data
(core.rules); flags.registry.discover finds it. Nothing here imports flags.
"""

from django.utils.translation import gettext_lazy as _

FACT_LABELS = {
    "request_received_on": _("Request received"),
    "request_due_on": _("Answer due"),
}
