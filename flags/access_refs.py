"""How the flags app's access-log references read (see audit.describe)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.describe import by_id, listing, register
from flags.models import Flag


def _flags(ids: set[int]) -> dict[int, str]:
    return {
        pk: _("Signal %(rule)s") % {"rule": rule}
        for pk, rule in Flag.objects.filter(pk__in=ids).values_list("pk", "rule")
    }


register("flag", by_id(_flags, fallback=gettext_lazy("Signal")))
register("flag_dashboard", listing(gettext_lazy("Signals in the team")))
register("flag_list", listing(gettext_lazy("List of signals in the team")))
