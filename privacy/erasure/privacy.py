"""The privacy app's own rows about the file.

Per model:
- RightsRequest: KEPT (kind, dates, outcome: the answer's deadline was kept or not), of this file or about
  a person anonymised now: what was asked, who asked, the explanation, the reason for more time and how the
  copy was handed over BLANKED.
- RetentionHold: KEPT (reason kind, dates, by whom), its explanation BLANKED.
- DestructionReview: KEPT (the four-eyes trail), its note BLANKED (a hold's explanation is copied into it).
- DestructionRecord: KEPT: it is the record of the destruction (no names, no content).
"""

from django.db.models import Q

from privacy.models import DestructionRecord, DestructionReview, RetentionHold, RightsRequest

COVERS = [RightsRequest, RetentionHold, DestructionReview, DestructionRecord]


def erase(ctx) -> None:
    case = ctx.case
    ctx.count(
        "rights_requests",
        RightsRequest.objects.filter(Q(case=case) | Q(person__in=ctx.person_ids)).update(
            details="", requester_name="", outcome_note="", extension_reason="", handed_over_how=""
        ),
    )
    ctx.count("retention_holds", RetentionHold.objects.filter(case=case).update(note=""))
    ctx.count(
        "destruction_reviews",
        DestructionReview.objects.filter(case=case).exclude(closed_note="").update(closed_note=""),
    )
