"""How the case app's access-log references read (see audit.describe)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.describe import by_id, label, listing, register, short_date
from audit.models import AccessEvent
from cases.models import Contact, Phase, PhaseChange


def _contacts(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Contact of %(date)s") % {"date": short_date(at)}
        for pk, at in Contact.objects.filter(pk__in=ids).values_list("pk", "occurred_at")
    }


def _phase_changes(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Phase change to %(phase)s") % {"phase": Phase(to).label}
        for pk, to in PhaseChange.objects.filter(pk__in=ids).values_list("pk", "to_phase")
    }


def _case(events: list[AccessEvent]) -> dict[int, str]:
    """The case page when it was read; the case itself when it was opened or reached by emergency access."""
    page, case = _("Case page"), _("Case")
    return {event.pk: page if event.action == AccessEvent.Action.VIEW else case for event in events}


register("case", _case)
register("contact", by_id(_contacts, fallback=gettext_lazy("Contact")))
register("address", label(gettext_lazy("Address")))
register("person", label(gettext_lazy("Family member")))
register("phase_change", by_id(_phase_changes, fallback=gettext_lazy("Phase")))
register("assignments", label(gettext_lazy("Who works on the case")))
register("mine", listing(gettext_lazy("My cases")))
register("team", listing(gettext_lazy("Team cases")))
register("search", listing(gettext_lazy("Case search")))
