"""Demo Beschermtafel for seed_demo: a past meeting with outcomes (one family sent to the Raad), an upcoming
published meeting with `tafellid` at it, and submissions waiting for a date, so the chair has work at once.

Everything goes through the services; then dates are moved into the past where a real history has them.
"""

import datetime as dt
import uuid

from django.utils import timezone

from accounts.models import Municipality, Organisation, User
from cases.models import Case, CaseRole, Phase, PhaseChange
from core.dates import add_working_days, subtract_working_days
from safetyplans.models import SafetyPlan
from tables import services
from tables.models import Meeting, Outcome, Submission, SubmissionEvent, Table

TABLE_NAME = "Beschermtafel Zaanstad"
PLACE = "Stadhuis Zaanstad, Stadhuisplein 100, Zaandam (zaal 2.14)"

REQUESTS = [
    {
        "question": "Is vrijwillige hulp nog genoeg, of zijn er duidelijke afspraken onder drang nodig?",
        "reason": "Na drie maanden hulp is er opnieuw politie-inzet geweest na een ruzie tussen de ouders.",
        "worries": "De kinderen zien de ruzies. De oudste slaapt slecht en komt vaak te laat op school.",
        "strengths": "Moeder vraagt zelf om hulp. Oma woont dichtbij en is er elke dag.",
        "earlier_help": "Opvoedondersteuning door het jeugdteam sinds het voorjaar; maatschappelijk werk.",
        "asked": "Dat de tafel meekijkt welke afspraken nodig zijn om het thuis veilig te houden.",
    },
    {
        "question": "Moet de Raad voor de Kinderbescherming een onderzoek doen?",
        "reason": "De afspraken uit het veiligheidsplan worden steeds niet nagekomen.",
        "worries": "Vader drinkt weer. Moeder trekt zich terug; de kinderen zijn veel alleen.",
        "strengths": "De kinderen gaan graag naar school; de juf houdt contact met het jeugdteam.",
        "earlier_help": "Drie maanden afspraken onder drang, zonder verbetering.",
        "asked": "Een advies of een raadsonderzoek nodig is.",
    },
]


def _past_weekday(day: dt.date) -> dt.date:
    return subtract_working_days(day + dt.timedelta(days=1), 1)


def _submission(case: Case, director: User, table: Table, text: dict, plan: SafetyPlan | None) -> Submission:
    today = timezone.localdate()
    draft = services.submission_save_draft(
        case=case,
        by=director,
        form_token=uuid.uuid4(),
        fields={
            "table": table, **text, "safety_plan": plan,
            "parents_informed_on": today - dt.timedelta(days=3), "parents_invited": True,
            "children_informed_on": today - dt.timedelta(days=3), "children_invited": True,
        },
    )  # fmt: skip
    return services.submission_submit(submission=draft, by=director, expected_version=draft.version)


def _back_date(submissions: list[Submission], submitted_on: dt.date) -> None:
    at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(10, 0)))
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(submitted_at=at, created_at=at)
    SubmissionEvent.objects.filter(submission__in=submissions, kind=SubmissionEvent.Kind.SUBMITTED).update(
        at=at
    )


def seed(*, chair: User, member: User, investigator: User, director: User) -> int:
    """Create the demo table and its meetings once; returns how many submissions were made (0 if present)."""
    if Table.objects.filter(name=TABLE_NAME).exists():
        return 0
    today = timezone.localdate()
    table = Table.objects.create(
        name=TABLE_NAME, default_place=PLACE, phone="075 - 123 45 67", secretary=chair
    )
    table.municipalities.set(Municipality.objects.filter(name="Zaanstad"))
    table.chairs.set([chair])
    table.member_organisations.set(
        Organisation.objects.exclude(kind=Organisation.Kind.TABLE_SECRETARIAT).exclude(kind="veilig_thuis")
    )
    directed = Case.objects.filter(
        assignments__user=director, assignments__role=CaseRole.DIRECTOR, assignments__ends_at__isnull=True
    ).order_by("pk")
    with_plan = list(directed.filter(phase=Phase.VOLUNTARY, safety_plans__state=SafetyPlan.State.AGREED))
    voluntary = [case for case in directed.filter(phase=Phase.VOLUNTARY) if case not in with_plan]
    pressure = list(directed.filter(phase=Phase.PRESSURE))
    if len(voluntary) < 4 or len(pressure) < 2:
        return 0

    def plan_of(case: Case) -> SafetyPlan | None:
        return case.safety_plans.filter(state=SafetyPlan.State.AGREED).first()

    # The past meeting: three families discussed; one of them goes to the Raad.
    past = [
        _submission(case, director, table, REQUESTS[index % 2], plan_of(case))
        for index, case in enumerate([voluntary[0], pressure[0], pressure[1]])
    ]
    meeting = services.meeting_save(
        table=table, by=chair, date=today, starts_at=dt.time(13, 0), place=PLACE, capacity_minutes=240,
        members=[member],
    )  # fmt: skip
    items = [
        services.agenda_item_add(meeting=meeting, submission=submission, by=chair, expected_version=None)
        for submission in past
    ]
    services.meeting_publish(meeting=meeting, by=chair, expected_version=None)
    outcomes = [
        services.outcome_record(
            item=items[0], by=chair, kind=Outcome.Kind.PRESSURE,
            decision="Vrijwillige hulp is niet genoeg. De ouders maken duidelijke afspraken; "
            "lukt dat niet, dan vraagt de tafel de Raad om onderzoek.",
            minutes="Moeder vertelde als eerste. Vader herkent de zorgen maar vindt het overdreven.",
            agreements=[
                {"who": "Vader", "what": "volgt de cursus omgaan met boosheid", "when": "binnen 4 weken"},
                {"who": "Moeder", "what": "belt de jeugdprofessional bij ruzie", "when": "dezelfde dag"},
            ],
            report_back_on=services.report_back_default(today), parents_informed=True,
            parents_informed_note="Aan tafel verteld; brief volgt.",
        ),
        services.outcome_record(
            item=items[1], by=chair, kind=Outcome.Kind.BOARD_INVESTIGATION,
            decision="De tafel vraagt de Raad voor de Kinderbescherming om een beschermingsonderzoek.",
            minutes="De afspraken onder drang zijn niet nagekomen.", investigator=investigator,
            parents_informed=True, parents_informed_note="Aan tafel verteld.",
        ),
        services.outcome_record(
            item=items[2], by=chair, kind=Outcome.Kind.VOLUNTARY_SUFFICIENT,
            decision="De afspraken werken. Vrijwillige hulp door het jeugdteam is weer genoeg.",
            parents_informed=True, parents_informed_note="Aan tafel verteld.",
        ),
    ]  # fmt: skip
    held_on = _past_weekday(today - dt.timedelta(days=21))
    _back_date(past, subtract_working_days(held_on, 8))
    held_at = timezone.make_aware(dt.datetime.combine(held_on, dt.time(15, 0)))
    Meeting.objects.filter(pk=meeting.pk).update(date=held_on, published_at=held_at - dt.timedelta(days=7))
    SubmissionEvent.objects.filter(meeting=meeting, kind=SubmissionEvent.Kind.SCHEDULED).update(
        at=held_at - dt.timedelta(days=8)
    )
    SubmissionEvent.objects.filter(meeting=meeting, kind=SubmissionEvent.Kind.DISCUSSED).update(at=held_at)
    Outcome.objects.filter(pk__in=[o.pk for o in outcomes]).update(recorded_at=held_at)
    Outcome.objects.filter(pk=outcomes[0].pk).update(report_back_on=services.report_back_default(held_on))
    PhaseChange.objects.filter(pk__in=[o.phase_change_id for o in outcomes if o.phase_change_id]).update(
        changed_at=held_at
    )
    services.table_access_expire()  # the members' time with the past meeting is over

    # The coming meeting, published, with `tafellid` at it.
    coming = [
        _submission(case, director, table, REQUESTS[index % 2], plan_of(case))
        for index, case in enumerate(voluntary[1:3])
    ]
    _back_date(coming, subtract_working_days(today, 6))
    upcoming = services.meeting_save(
        table=table, by=chair, date=add_working_days(today, 7), starts_at=dt.time(13, 0), place=PLACE,
        capacity_minutes=180, members=[member],
    )  # fmt: skip
    for submission in coming:
        services.agenda_item_add(meeting=upcoming, submission=submission, by=chair, expected_version=None)
    services.meeting_publish(meeting=upcoming, by=chair, expected_version=None)

    # Waiting for a date: one over the norm (JBT-01), one with the agreed safety plan attached.
    waiting_cases = [voluntary[3], *(with_plan[:1] or voluntary[4:5])]
    waiting = [_submission(case, director, table, REQUESTS[0], plan_of(case)) for case in waiting_cases]
    _back_date(waiting[:1], subtract_working_days(today, 14))
    _back_date(waiting[1:], subtract_working_days(today, 2))
    return len(past) + len(coming) + len(waiting)
