"""The report's filters, read from the query string: which teams, which period, how many days unseen."""

import datetime as dt

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from reports.periods import Period, PeriodKind

YEARS_BACK = 10
DEFAULT_DAYS = 28  # OV-01's default: four weeks without seeing the child face to face (domain.md §9)
MAX_DAYS = 365


class ReportForm(forms.Form):
    team = forms.ChoiceField(label=_("Teams"), required=False)
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (PeriodKind.YEAR, _("Year")),
            (PeriodKind.QUARTER, _("Quarter")),
            (PeriodKind.MONTH, _("Month")),
        ],
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter (for a quarter)"),
        coerce=int,
        required=False,
        choices=[(number, _("Quarter %(number)d") % {"number": number}) for number in range(1, 5)],
    )
    month = forms.TypedChoiceField(
        label=_("Month (for a month)"), coerce=int, required=False, choices=list(MONTHS.items())
    )
    days = forms.IntegerField(
        label=_("Children not seen for more than (days)"), min_value=1, max_value=MAX_DAYS
    )

    def __init__(self, query, *, teams: list[Team], all_label: str, today: dt.date):
        """Bound to the query string over the defaults, so a bare /rapportages/ shows this year."""
        defaults = {
            "period": PeriodKind.YEAR,
            "year": str(today.year),
            "quarter": str((today.month - 1) // 3 + 1),
            "month": str(today.month),
            "days": str(DEFAULT_DAYS),
        }
        super().__init__({**defaults, **query.dict()})
        choices = [(str(team.pk), team.name) for team in teams]
        self.fields["team"].choices = [("", all_label), *choices] if len(teams) > 1 else choices
        self.fields["year"].choices = [
            (year, str(year)) for year in range(today.year, today.year - YEARS_BACK, -1)
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("period")
        if kind == PeriodKind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("Choose a quarter."))
        if kind == PeriodKind.MONTH and not data.get("month"):
            self.add_error("month", _("Choose a month."))
        return data

    def report_period(self) -> Period:
        data = self.cleaned_data
        kind = PeriodKind(data["period"])
        number = {PeriodKind.QUARTER: data.get("quarter"), PeriodKind.MONTH: data.get("month")}.get(kind, 1)
        return Period(kind, data["year"], number)
