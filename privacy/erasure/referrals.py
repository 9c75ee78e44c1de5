"""The Veilig Thuis handovers that became part of the file.

Per model:
- Referral: KEPT (the reports count handovers sent, accepted, and their throughput times; state, dates,
  teams and urgency stay), what happened, since when, the reporter, the address and Veilig Thuis's own
  reference BLANKED (the reference is typed free text and could name the family).
- ReferralPerson: DELETED (names, dates of birth, BSNs of the family as Veilig Thuis wrote them).
- SafetyCondition: DELETED (only text), of the file's handovers and those copied onto the case.
- MonitoringMoment: KEPT (when, and whether the conditions were met), its note and early reason BLANKED.
- ReferralEvent: KEPT (the reports count returns and forwards), its reason BLANKED; where the database
  requires a reason (returned, forwarded, withdrawn) a fixed text without content is stored instead.
"""

from django.db.models import Q

from referrals.models import MonitoringMoment, Referral, ReferralEvent, ReferralPerson, SafetyCondition

COVERS = [Referral, ReferralPerson, SafetyCondition, MonitoringMoment, ReferralEvent]


def erase(ctx) -> None:
    case = ctx.case
    referrals = Referral.objects.filter(case=case)
    ctx.count("referral_persons", ReferralPerson.objects.filter(referral__case=case).delete()[0])
    ctx.count(
        "safety_conditions",
        SafetyCondition.objects.filter(Q(referral__case=case) | Q(case=case)).delete()[0],
    )
    ctx.count(
        "monitoring_moments",
        MonitoringMoment.objects.filter(referral__case=case).update(note="", early_reason=""),
    )
    ctx.count(
        "referral_events",
        ReferralEvent.objects.filter(referral__case=case).exclude(reason="").update(reason=ctx.placeholder),
    )
    ctx.count(
        "referrals",
        referrals.update(
            reference="",
            what_happened="",
            since="",
            reporter="",
            street="",
            house_number="",
            postcode="",
            city="",
        ),
    )
