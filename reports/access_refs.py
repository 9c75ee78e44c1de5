"""How the reports' access-log references read (see audit.describe): figures only, no case file."""

from django.utils.translation import gettext_lazy as _

from audit.describe import label, register

register("report", label(_("Report with figures (no case files)")))
