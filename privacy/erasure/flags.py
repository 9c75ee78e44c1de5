"""Signals on the file and on its handovers.

Per model:
- Flag: KEPT (the reports count open signals over time: rule, severity, opened, resolved stay), the
  acknowledgement and snooze reason BLANKED, and the handover's reference taken out of its facts (the other
  facts are dates, numbers and table names).
- RuleSetting: not linked to a file (an organisation's thresholds); not touched.
"""

from django.db.models import Q

from flags.models import Flag

COVERS = [Flag]


def erase(ctx) -> None:
    flags = Flag.objects.filter(Q(case=ctx.case) | Q(referral__case=ctx.case))
    ctx.count("flags", flags.update(acknowledgement="", snooze_reason=""))
    # The handover's reference out of the facts, in Python: a file has a few signals, and a JSON key
    # removal in SQL is PostgreSQL's (the embedded default runs on SQLite too).
    referenced = [
        flag
        for flag in flags.only("pk", "facts")
        if isinstance(flag.facts, dict) and "reference" in flag.facts
    ]
    for flag in referenced:
        del flag.facts["reference"]
    Flag.objects.bulk_update(referenced, ["facts"])
