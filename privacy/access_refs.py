"""How the privacy app's access-log references read (see audit.describe)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from audit.describe import by_id, label, listing, register
from privacy.models import RightsRequest

# The kind of request in the family's words, inside "Verzoek van de familie (…)".
_KINDS = {
    RightsRequest.Kind.INZAGE: pgettext_lazy("kind of rights request", "inspection"),
    RightsRequest.Kind.CORRECTION: pgettext_lazy("kind of rights request", "correction"),
    RightsRequest.Kind.OBJECTION: pgettext_lazy("kind of rights request", "objection"),
}


def _rights_requests(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Request of the family (%(kind)s)") % {"kind": _KINDS.get(kind, kind)}
        for pk, kind in RightsRequest.objects.filter(pk__in=ids).values_list("pk", "kind")
    }


register("inzage", label(gettext_lazy("Copy of the file for a request to see it")))
register(
    "rights_request",
    by_id(
        _rights_requests, fallback=gettext_lazy("Request of the family (inspection, correction or objection)")
    ),
)
register("retention_hold", label(gettext_lazy("Retention term extended")))
register("destruction", label(gettext_lazy("File destroyed after the retention term")))
register("destruction_review", label(gettext_lazy("Privacy: a file due for destruction, for review")))
# The privacy officer's lists and search (privacy.views): which files they showed is in the event.
register("privacy_requests", listing(gettext_lazy("Privacy: requests of families")))
register("privacy_person_search", listing(gettext_lazy("Privacy: search for a person")))
register("destruction_list", listing(gettext_lazy("Privacy: files due for destruction")))
register("destruction_records", listing(gettext_lazy("Privacy: destroyed files")))
register("retention_holds", listing(gettext_lazy("Privacy: files kept longer")))
