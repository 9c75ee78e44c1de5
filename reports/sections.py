"""The report as sections: a title, a table of display cells and a chart, the same for the page and the CSV.

Suppression is decided here, once. A count of 1 to 4 shows as "<5" (0 stays 0), so no family can be
recognised from a small number; where a row shows one team's count as "<5" beside a total, the next
smallest team count is withheld too ("×"), or the total would give the small one away. A throughput
time from fewer than 5 pairs is never shown: a median of a few families describes those families.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts.models import Team
from cases.models import ClosingReason
from measures.models import MeasureKind
from reports.charts import bar_svg, funnel_svg, line_svg
from reports.selectors import Report, TeamCounts, Throughput
from tables.models import Outcome

SMALLEST_SHOWN = 5
SUPPRESSED = "<5"
WITHHELD = "×"
NO_PAIRS = "—"


@dataclass
class Section:
    key: str
    title: str
    intro: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    chart: str = ""
    notes: list[str] = field(default_factory=list)
    today: bool = False  # a count of today, not of the period


def is_small(count: int) -> bool:
    return 0 < count < SMALLEST_SHOWN


def number(value: float) -> str:
    """Dutch digits: 1.234 and 3,5; whole numbers without decimals."""
    decimals = 0 if float(value).is_integer() else 1
    return number_format(round(value, decimals), decimals, force_grouping=True)


def count_cells(counts: list[int], *, suppress: bool) -> list[str]:
    """One row's team counts and their total (last), as shown: suppressed where it must be."""
    total = sum(counts)
    if not suppress:
        return [number(count) for count in [*counts, total]] if len(counts) > 1 else [number(total)]
    if len(counts) == 1:
        return [SUPPRESSED if is_small(total) else number(total)]
    cells = [SUPPRESSED if is_small(count) else number(count) for count in counts]
    small = [index for index, count in enumerate(counts) if is_small(count)]
    if len(small) == 1:
        others = [index for index, count in enumerate(counts) if count >= SMALLEST_SHOWN]
        if others:
            cells[min(others, key=lambda index: counts[index])] = WITHHELD
    return [*cells, SUPPRESSED if is_small(total) else number(total)]


def chart_value(count: int, *, suppress: bool) -> int | None:
    """A total for a chart: None (drawn as "<5") when it is suppressed."""
    return None if suppress and is_small(count) else count


class _Builder:
    def __init__(self, report: Report, teams: list[Team], *, suppress: bool, charts: bool):
        self.report, self.teams, self.suppress, self.charts = report, teams, suppress, charts
        self.columns = [team.name for team in teams] + [_("Total")] if len(teams) > 1 else [_("Number")]

    def counts(self, figures: TeamCounts, key: str) -> list[int]:
        return [figures.get(team.pk, {}).get(key, 0) for team in self.teams]

    def count_rows(self, rows: list[tuple[str, list[int]]]) -> list[tuple[str, list[str]]]:
        return [(label, count_cells(counts, suppress=self.suppress)) for label, counts in rows]

    def description(self, rows: list[tuple[str, list[int]]]) -> str:
        """The chart's numbers in words, for screen readers (the same as the table's total column)."""
        return "; ".join(f"{label}: {self.total_text(counts)}" for label, counts in rows) + "."

    def total_text(self, counts: list[int]) -> str:
        total = sum(counts)
        return SUPPRESSED if self.suppress and is_small(total) else number(total)

    def bars(self, title: str, rows: list[tuple[str, list[int]]]) -> str:
        if not self.charts:
            return ""
        return bar_svg(
            title=title,
            description=self.description(rows),
            bars=[(label, chart_value(sum(counts), suppress=self.suppress)) for label, counts in rows],
        )

    def count_section(
        self, key: str, title: str, intro: str, rows: list[tuple[str, list[int]]], *, chart: bool = True
    ) -> Section:
        return Section(
            key=key,
            title=title,
            intro=intro,
            row_header=_("Figure"),
            columns=self.columns,
            rows=self.count_rows(rows),
            chart=self.bars(title, rows) if chart else "",
        )

    def funnel(self) -> Section:
        report = self.report
        measures = [
            sum(counts)
            for counts in zip(
                *(self.counts(report.measures, kind) for kind in MeasureKind.values), strict=True
            )
        ]
        rows = [
            (_("Handed over by Veilig Thuis"), self.counts(report.referrals, "received")),
            (_("Accepted by the team"), self.counts(report.referrals, "accepted")),
            (_("Submitted to the Beschermtafel"), self.counts(report.submitted, "submitted")),
            (
                _("Raad investigation asked by the table"),
                self.counts(report.outcomes, Outcome.Kind.BOARD_INVESTIGATION),
            ),
            (_("Court measure started"), measures),
        ]
        title = _("From handover to court measure")
        section = self.count_section(
            "funnel",
            title,
            _(
                "Each step counts what happened in the period: a family handed over in December may come "
                "to the table in January."
            ),
            rows,
        )
        if self.charts:
            section.chart = funnel_svg(
                title=title,
                description=self.description(rows),
                steps=[(label, chart_value(sum(counts), suppress=self.suppress)) for label, counts in rows],
            )
        return section

    def referrals(self) -> Section:
        figures = self.report.referrals
        return self.count_section(
            "referrals",
            _("Handovers from Veilig Thuis"),
            _(
                "Sent: handovers Veilig Thuis sent in the period, counted at the team that has them now. "
                "Forwarded: counted at the team that passed them on."
            ),
            [
                (_("Sent by Veilig Thuis"), self.counts(figures, "received")),
                (_("Accepted"), self.counts(figures, "accepted")),
                (_("Returned with a question"), self.counts(figures, "returned")),
                (_("Forwarded to another team"), self.counts(figures, "forwarded")),
            ],
        )

    def table(self) -> Section:
        report = self.report
        return self.count_section(
            "table",
            _("Beschermtafel"),
            _("Cases submitted in the period, and the outcomes of the meetings held in it."),
            [
                (_("Cases submitted"), self.counts(report.submitted, "submitted")),
                *[(str(kind.label), self.counts(report.outcomes, kind.value)) for kind in Outcome.Kind],
            ],
        )

    def measures(self) -> Section:
        return self.count_section(
            "measures",
            _("Court measures started"),
            _(
                "Decisions of the juvenile court that started in the period; one decision can cover "
                "several children."
            ),
            [(str(kind.label), self.counts(self.report.measures, kind.value)) for kind in MeasureKind],
        )

    def closed(self) -> Section:
        return self.count_section(
            "closed",
            _("Cases closed, and why"),
            _("Cases closed in the period, by the reason they were closed."),
            [(str(reason.label), self.counts(self.report.closed, reason.value)) for reason in ClosingReason],
        )

    def signals(self) -> Section:
        rows = [
            (date_format(day, "j b Y"), [counts.get(team.pk, 0) for team in self.teams])
            for day, counts in self.report.signals
        ]
        # The chart's axis has room for short labels only (the period is in the page's heading).
        short = [date_format(day, "j b") for day, _counts in self.report.signals]
        title = _("Open signals over time")
        section = Section(
            key="signals",
            title=title,
            intro=_("How many signals of stalled cases were open at the end of each month (a year) or week."),
            row_header=_("At the end of"),
            columns=self.columns,
            rows=self.count_rows(rows),
        )
        if not rows:
            section.notes.append(_("This period has not begun yet."))
        elif self.charts:
            section.chart = line_svg(
                title=title,
                description=self.description(rows),
                points=[
                    (label, chart_value(sum(counts), suppress=self.suppress))
                    for label, (_label, counts) in zip(short, rows, strict=True)
                ],
            )
        return section

    def not_seen(self) -> Section:
        days = self.report.days
        section = self.count_section(
            "not_seen",
            _("Children not seen for more than %(days)d days") % {"days": days},
            _(
                "Today, whatever the period: children of open cases not seen face to face for more than "
                "%(days)d days (a case opened less long ago does not count yet)."
            )
            % {"days": days},
            [(_("Children of open cases"), self.counts(self.report.not_seen, "children"))],
            chart=False,
        )
        section.today = True
        return section

    def throughput(self) -> Section:
        steps = [
            ("referral_accepted", _("Handover sent → accepted")),
            ("accepted_child_seen", _("Accepted → first face-to-face contact with the child")),
            ("accepted_plan_agreed", _("Accepted → first agreed safety plan")),
            ("submission_meeting", _("Submitted → discussed at the Beschermtafel")),
            ("outcome_board_start", _("Table outcome → Raad starts its investigation")),
        ]
        rows = [(label, self.throughput_cells(self.report.throughput[key])) for key, label in steps]
        title = _("Throughput times in working days")
        section = Section(
            key="throughput",
            title=title,
            intro=_(
                "Working days (without weekends and public holidays) between two steps, for the pairs "
                "whose second step fell in the period."
            ),
            row_header=_("From → to"),
            columns=[_("Median"), _("90th percentile"), _("Pairs")],
            rows=rows,
            notes=[_("With fewer than 5 pairs no median or percentile is shown; — means there were none.")],
        )
        shown = [
            (label, self.report.throughput[key].median)
            for key, label in steps
            if self.report.throughput[key].pairs >= SMALLEST_SHOWN
        ]
        if self.charts and shown:
            section.chart = bar_svg(
                title=_("Median throughput time in working days"),
                description="; ".join(f"{label}: {number(value)}" for label, value in shown) + ".",
                bars=shown,
                unit=_("working days"),
            )
        return section

    def throughput_cells(self, figure: Throughput) -> list[str]:
        pairs = SUPPRESSED if self.suppress and is_small(figure.pairs) else number(figure.pairs)
        if figure.pairs == 0:
            return [NO_PAIRS, NO_PAIRS, pairs]
        if figure.pairs < SMALLEST_SHOWN:
            few = _("too few pairs")
            return [few, few, pairs]
        return [number(figure.median), number(figure.p90), pairs]


def report_sections(
    report: Report, teams: list[Team], *, suppress: bool, charts: bool = True
) -> list[Section]:
    """The report's sections in page order; ``suppress`` for a municipality's page and for every export."""
    builder = _Builder(report, teams, suppress=suppress, charts=charts)
    return [
        builder.funnel(),
        builder.referrals(),
        builder.table(),
        builder.measures(),
        builder.closed(),
        builder.signals(),
        builder.not_seen(),
        builder.throughput(),
    ]
