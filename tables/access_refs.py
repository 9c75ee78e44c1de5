"""How the Beschermtafel's access-log references read (see audit.describe)."""

from django.utils.translation import gettext_lazy as _

from audit.describe import label, listing, register

register("submission", label(_("Beschermtafel: submission")))
register("table_submission_form", label(_("Beschermtafel: submission form")))
register("table_outcome", label(_("Beschermtafel: outcome")))
register("uitkomst_overleg", label(_("Beschermtafel: outcome (JZV document)")))
register("outcome_letter", label(_("Beschermtafel: outcome letter")))
register("agenda_pack", label(_("Beschermtafel: agenda pack")))
register("invitation", label(_("Beschermtafel: invitation")))
register("table_submissions", listing(_("Beschermtafel: submissions")))
register("table_inbox", listing(_("Beschermtafel: inbox")))
register("meeting", listing(_("Beschermtafel: meeting agenda")))
