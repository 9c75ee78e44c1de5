"""The Beschermtafel: the file's submissions, their discussion and outcome, and the agenda packs.

Per model:
- Submission: KEPT (the reports count submissions and the time to the meeting; state, table, dates, who
  submitted stay), every text BLANKED: the question, reason, worries, strengths, earlier help, what is asked,
  why the parents or children were not told.
- SubmissionEvent: KEPT (what happened when), its reason BLANKED; where the database requires a reason
  (returned, withdrawn) a fixed text without content is stored instead.
- SubmissionUserObjectPermission: DELETED (table members' read rows on the submission).
- AgendaItem: KEPT (the outcome hangs on it: the meeting date counts in the reports), its minutes BLANKED.
- Outcome: KEPT (counted by kind; dates, the Raad's decision stay), the decision text and every note
  BLANKED.
- OutcomeAgreement: DELETED (only content: who does what).
- AgendaPack: DELETED when it holds this file (its PDF has the family's names and texts); the chair can make
  the meeting's pack again. It points at the case by number in ``case_ids``, not by a foreign key.
"""

from tables.models import (
    AgendaItem,
    AgendaPack,
    Outcome,
    OutcomeAgreement,
    Submission,
    SubmissionEvent,
    SubmissionUserObjectPermission,
)

COVERS = [
    Submission,
    SubmissionEvent,
    SubmissionUserObjectPermission,
    AgendaItem,
    Outcome,
    OutcomeAgreement,
    AgendaPack,
]


def erase(ctx) -> None:
    case = ctx.case
    submissions = Submission.objects.filter(case=case)
    ctx.count(
        "submission_permissions",
        SubmissionUserObjectPermission.objects.filter(content_object__case=case).delete()[0],
    )
    ctx.count(
        "submission_events",
        SubmissionEvent.objects.filter(submission__case=case)
        .exclude(reason="")
        .update(reason=ctx.placeholder),
    )
    ctx.count(
        "agenda_items",
        AgendaItem.objects.filter(submission__case=case).exclude(minutes="").update(minutes=""),
    )
    ctx.count("outcome_agreements", OutcomeAgreement.objects.filter(outcome__case=case).delete()[0])
    ctx.count(
        "outcomes",
        Outcome.objects.filter(case=case).update(
            decision="", parents_informed_note="", report_back_note="", board_decision_note=""
        ),
    )
    # Read in Python: a JSON "contains" is PostgreSQL's, and the embedded default runs on SQLite too.
    packs = [pk for pk, case_ids in AgendaPack.objects.values_list("pk", "case_ids") if case.pk in case_ids]
    ctx.count("agenda_packs", AgendaPack.objects.filter(pk__in=packs).delete()[0])
    ctx.count(
        "submissions",
        submissions.update(
            question="",
            reason="",
            worries="",
            strengths="",
            earlier_help="",
            asked="",
            parents_not_informed_reason="",
            children_not_informed_reason="",
        ),
    )
