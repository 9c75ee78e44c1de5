"""How the access-log references of accounts and of the log itself read (see audit.describe).

Accounts writes "home" and "user:<id>" through accounts.hooks; it cannot register words itself, as that
would import audit.
"""

from django.utils.translation import gettext_lazy as _

from audit.describe import label, listing, register

register("access_log", label(_("Access log")))
register("home", listing(_("Notifications on the home page")))
register("user", label(_("User account and roles")))
