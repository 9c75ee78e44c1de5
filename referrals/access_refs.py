"""How the Veilig Thuis handover's access-log references read (see audit.describe)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.describe import by_id, listing, register, short_date
from audit.models import AccessEvent
from referrals.models import MonitoringMoment, Referral


def _referrals(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Handover %(reference)s") % {"reference": reference}
        for pk, reference in Referral.objects.filter(pk__in=ids).values_list("pk", "reference")
    }


def _moments(ids: set[int]) -> dict[int, str]:
    moments = MonitoringMoment.objects.filter(pk__in=ids).values_list("pk", "due_on")
    return {
        pk: _("Monitoring moment of %(date)s") % {"date": short_date(due)} if due else _("Monitoring moment")
        for pk, due in moments
    }


_moment_texts = by_id(_moments, fallback=gettext_lazy("Monitoring moment"))


def _monitoring(events: list[AccessEvent]) -> dict[int, str]:
    """Reading the case's monitoring page refers to the case; recording a result, to the moment."""
    page = [event for event in events if event.action == AccessEvent.Action.VIEW]
    moments = [event for event in events if event.action != AccessEvent.Action.VIEW]
    return {**{event.pk: _("Veilig Thuis monitoring") for event in page}, **_moment_texts(moments)}


register("referral", by_id(_referrals, fallback=gettext_lazy("Handover")))
register("monitoring", _monitoring)
register("referrals", listing(gettext_lazy("Handovers sent")))
register("referral_inbox", listing(gettext_lazy("Handovers received")))
register("vt_monitoring", listing(gettext_lazy("Monitoring moments due")))
