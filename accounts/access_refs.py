"""How the accounts app's access-log references read (see accounts.access_log)."""

from django.utils.translation import gettext_lazy as _

from accounts.access_log import label, listing, register

register("access_log", label(_("Access log")))
register("home", listing(_("Notifications on the home page")))
register("user", label(_("User account and roles")))
