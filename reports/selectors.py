"""The report's figures: one set-based query per figure, counted per team, whatever the size of the data.

Each count is grouped by team in the database; totals are the sum over the teams (every fact counts at
one team only). Throughput times fetch their date pairs in one query and are worked out here, in working
days (core.dates.is_working_day: weekdays that are not Dutch public holidays). Nothing here reads a name.
"""

import datetime as dt
import itertools
import math
import statistics
from dataclasses import dataclass, field

from django.db.models import Case as Choose
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import FACE_TO_FACE, Case, CaseChild, ClosingReason, Contact, Phase
from core.dates import is_working_day
from flags.models import Flag
from measures.models import Measure, MeasureKind
from referrals.models import Referral, ReferralEvent
from reports.periods import Period, local_midnight
from safetyplans.models import SafetyPlan
from tables.models import Outcome, Submission

# Team id -> figure key -> count.
TeamCounts = dict[int, dict[str, int]]

REFERRAL_KEYS = ("received", "accepted", "returned", "forwarded")
OUTCOME_KEYS = tuple(Outcome.Kind.values)


@dataclass(frozen=True)
class Throughput:
    """How many working days each pair took, for the median and the 90th percentile."""

    days: list[int] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return len(self.days)

    @property
    def median(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def p90(self) -> int | None:
        """The 90th percentile by nearest rank: 90% of the pairs took this long or shorter."""
        if not self.days:
            return None
        return sorted(self.days)[math.ceil(0.9 * len(self.days)) - 1]


@dataclass(frozen=True)
class Report:
    period: Period
    team_ids: list[int]
    days: int  # children not seen for more than this many days
    referrals: TeamCounts
    submitted: TeamCounts
    outcomes: TeamCounts
    measures: TeamCounts
    closed: TeamCounts
    signals: list[tuple[dt.date, dict[int, int]]]
    not_seen: TeamCounts
    throughput: dict[str, Throughput]


def _per_team(queryset: QuerySet, team, **counts) -> TeamCounts:
    """Run one grouped query: per team (``team`` is a field name or an expression), the given counts."""
    team = F(team) if isinstance(team, str) else team
    rows = queryset.order_by().values(team_key=team).annotate(**counts)
    return {row["team_key"]: {key: row[key] for key in counts} for row in rows}


def _in(period: Period, name: str) -> Q:
    """A moment (datetime field) within the period, in local time."""
    return Q(**{f"{name}__gte": period.start, f"{name}__lt": period.end})


def _on(period: Period, name: str) -> Q:
    """A day (date field) within the period."""
    return Q(**{f"{name}__range": (period.first, period.last)})


def referrals_sent_and_accepted(team_ids: list[int], period: Period) -> TeamCounts:
    """Handovers Veilig Thuis sent in the period and those accepted in it, at the team that has them now."""
    return _per_team(
        Referral.objects.filter(receiving_team__in=team_ids).filter(
            _in(period, "sent_at") | _in(period, "accepted_at")
        ),
        "receiving_team",
        received=Count("pk", filter=_in(period, "sent_at")),
        accepted=Count("pk", filter=_in(period, "accepted_at")),
    )


def referrals_returned_and_forwarded(team_ids: list[int], period: Period) -> TeamCounts:
    """Handovers returned to Veilig Thuis (by the team that returned them) or forwarded (by the team they
    left). A return recorded before returns named their team counts at the handover's team now."""
    kinds = ReferralEvent.Kind
    team = Choose(
        When(kind=kinds.FORWARDED, then=F("from_team")),
        default=Coalesce(F("team"), F("referral__receiving_team")),
    )
    return _per_team(
        ReferralEvent.objects.filter(_in(period, "at"), kind__in=[kinds.RETURNED, kinds.FORWARDED])
        .annotate(team_ref=team)
        .filter(team_ref__in=team_ids),
        "team_ref",
        returned=Count("referral", distinct=True, filter=Q(kind=kinds.RETURNED)),
        forwarded=Count("referral", distinct=True, filter=Q(kind=kinds.FORWARDED)),
    )


def table_submissions(team_ids: list[int], period: Period) -> TeamCounts:
    """Cases submitted to the Beschermtafel in the period (a case submitted twice counts once)."""
    return _per_team(
        Submission.objects.filter(_in(period, "submitted_at"), case__team__in=team_ids),
        "case__team",
        submitted=Count("case", distinct=True),
    )


def table_outcomes(team_ids: list[int], period: Period) -> TeamCounts:
    """Outcomes of the table meetings held in the period, by kind."""
    return _per_team(
        Outcome.objects.filter(_on(period, "item__meeting__date"), case__team__in=team_ids),
        "case__team",
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in OUTCOME_KEYS},
    )


def measures_started(team_ids: list[int], period: Period) -> TeamCounts:
    """Court measures (decisions, each on one or more children) that started in the period, by kind."""
    return _per_team(
        Measure.objects.filter(_on(period, "starts_on"), case__team__in=team_ids),
        "case__team",
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in MeasureKind.values},
    )


def cases_closed(team_ids: list[int], period: Period) -> TeamCounts:
    """Cases closed in the period, by the reason they were closed."""
    return _per_team(
        Case.objects.filter(_on(period, "closed_on"), team__in=team_ids),
        "team",
        **{reason: Count("pk", filter=Q(closing_reason=reason)) for reason in ClosingReason.values},
    )


def open_signals(team_ids: list[int], period: Period, today: dt.date) -> list[tuple[dt.date, dict[int, int]]]:
    """How many signals were open at the end of each point of the period (Period.points), per team.

    A signal on a handover not yet on a case counts at the team the handover lies with.
    """
    points = period.points(today)
    if not points:
        return []
    moments = [local_midnight(day + dt.timedelta(days=1)) for day in points]
    team = Coalesce("case__team", "referral__receiving_team")
    counts = _per_team(
        Flag.objects.annotate(team_ref=team)
        .filter(team_ref__in=team_ids, opened_at__lt=moments[-1])
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=period.start)),
        "team_ref",
        **{
            f"p{index}": Count(
                "pk",
                filter=Q(opened_at__lt=moment) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=moment)),
            )
            for index, moment in enumerate(moments)
        },
    )
    return [
        (day, {team_id: row[f"p{index}"] for team_id, row in counts.items()})
        for index, day in enumerate(points)
    ]


def children_not_seen(team_ids: list[int], days: int, now: dt.datetime) -> TeamCounts:
    """Children of open cases not seen face to face for more than ``days`` days, today.

    A child never seen counts once its case has been open that long.
    """
    cutoff = now - dt.timedelta(days=days)
    return _per_team(
        CaseChild.objects.filter(case__team__in=team_ids)
        .exclude(case__phase=Phase.CLOSED)
        .filter(
            Q(last_seen_at__lt=cutoff)
            | Q(last_seen_at__isnull=True, case__opened_on__lt=timezone.localdate(cutoff))
        ),
        "case__team",
        children=Count("pk"),
    )


def _local_day(value: dt.datetime | dt.date) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def _throughput(pairs) -> Throughput:
    """Working days per pair, as core.dates.working_days_between counts them: from a running count over the
    days the pairs span, built once, as thousands of pairs of weeks each would otherwise walk day by day."""
    days = [(_local_day(start), _local_day(end)) for start, end in pairs]
    if not days:
        return Throughput()
    first = min(start for start, _ in days)
    span = (max(end for _, end in days) - first).days
    running = list(
        itertools.accumulate(
            (is_working_day(first + dt.timedelta(days=n)) for n in range(1, span + 1)), initial=0
        )
    )
    return Throughput(
        [max(0, running[(end - first).days] - running[(start - first).days]) for start, end in days]
    )


# A first contact or plan more than a year after accepting is not a throughput time but a file that was
# never started: such pairs are left out, which also keeps the search to one year of handovers before the
# period instead of all of them.
LOOKBACK = dt.timedelta(days=366)


def _accepted_referrals(team_ids: list[int], period: Period) -> QuerySet[Referral]:
    return Referral.objects.filter(
        receiving_team__in=team_ids,
        case__isnull=False,
        accepted_at__gte=period.start - LOOKBACK,
        accepted_at__lt=period.end,
    )


def throughput_referral_accepted(team_ids: list[int], period: Period) -> Throughput:
    """From Veilig Thuis sending a handover to the team accepting it, for those accepted in the period."""
    return _throughput(
        Referral.objects.filter(
            _in(period, "accepted_at"), receiving_team__in=team_ids, sent_at__isnull=False
        )
        .order_by()
        .values_list("sent_at", "accepted_at")
    )


def throughput_accepted_child_seen(team_ids: list[int], period: Period) -> Throughput:
    """From accepting a handover to the first face-to-face contact in which a child was seen, for those
    first contacts in the period."""
    first_seen = (
        Contact.objects.filter(
            case=OuterRef("case"),
            kind__in=FACE_TO_FACE,
            occurred_at__gte=OuterRef("accepted_at"),
            children_seen__isnull=False,
        )
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    return _throughput(
        _accepted_referrals(team_ids, period)
        .annotate(first=Subquery(first_seen))
        .filter(_in(period, "first"))
        .order_by()
        .values_list("accepted_at", "first")
    )


def throughput_accepted_plan_agreed(team_ids: list[int], period: Period) -> Throughput:
    """From accepting a handover to the first safety plan agreed after it, for plans agreed in the period."""
    first_agreed = (
        SafetyPlan.objects.filter(case=OuterRef("case"), agreed_at__gte=OuterRef("accepted_at"))
        .order_by("agreed_at")
        .values("agreed_at")[:1]
    )
    return _throughput(
        _accepted_referrals(team_ids, period)
        .annotate(first=Subquery(first_agreed))
        .filter(_in(period, "first"))
        .order_by()
        .values_list("accepted_at", "first")
    )


def throughput_submission_meeting(team_ids: list[int], period: Period) -> Throughput:
    """From submitting to the Beschermtafel to the meeting that discussed it, for meetings in the period."""
    return _throughput(
        Outcome.objects.filter(
            _on(period, "item__meeting__date"),
            case__team__in=team_ids,
            item__submission__submitted_at__isnull=False,
        )
        .order_by()
        .values_list("item__submission__submitted_at", "item__meeting__date")
    )


def throughput_outcome_board_start(team_ids: list[int], period: Period) -> Throughput:
    """From the table asking the Raad to investigate to the Raad starting, for starts in the period."""
    return _throughput(
        Outcome.objects.filter(
            _on(period, "board_decided_on"),
            case__team__in=team_ids,
            kind=Outcome.Kind.BOARD_INVESTIGATION,
            board_decision=Outcome.BoardDecision.STARTED,
        )
        .order_by()
        .values_list("item__meeting__date", "board_decided_on")
    )


def _merge(*parts: TeamCounts) -> TeamCounts:
    merged: TeamCounts = {}
    for part in parts:
        for team_id, counts in part.items():
            merged.setdefault(team_id, {}).update(counts)
    return merged


def report_figures(*, team_ids: list[int], period: Period, days: int) -> Report:
    """Every figure of the report for these teams and this period (thirteen queries, whatever the data)."""
    now = timezone.now()
    return Report(
        period=period,
        team_ids=team_ids,
        days=days,
        referrals=_merge(
            referrals_sent_and_accepted(team_ids, period), referrals_returned_and_forwarded(team_ids, period)
        ),
        submitted=table_submissions(team_ids, period),
        outcomes=table_outcomes(team_ids, period),
        measures=measures_started(team_ids, period),
        closed=cases_closed(team_ids, period),
        signals=open_signals(team_ids, period, timezone.localdate(now)),
        not_seen=children_not_seen(team_ids, days, now),
        throughput={
            "referral_accepted": throughput_referral_accepted(team_ids, period),
            "accepted_child_seen": throughput_accepted_child_seen(team_ids, period),
            "accepted_plan_agreed": throughput_accepted_plan_agreed(team_ids, period),
            "submission_meeting": throughput_submission_meeting(team_ids, period),
            "outcome_board_start": throughput_outcome_board_start(team_ids, period),
        },
    )
