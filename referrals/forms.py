import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Team, User
from cases.forms import POSTCODE
from cases.models import Relation
from core.forms import DateInput, TimeInput, UserChoiceField
from core.validators import clean_bsn
from referrals.models import MonitoringMoment, OutcomeCode, Urgency
from referrals.services import DEFAULT_MONITORING_MONTHS, early_reason_missing, monitoring_is_early


class ReferralForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Veilig Thuis reference"), max_length=40)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    outcome_code = forms.ChoiceField(
        label=_("Outcome of the safety assessment"), choices=OutcomeCode.choices, initial=OutcomeCode.VT_01_02
    )
    what_happened = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}))
    since = forms.CharField(label=_("Since when"), max_length=200, required=False)
    reporter = forms.CharField(
        label=_("Reporter"),
        max_length=200,
        required=False,
        help_text=_("Only Veilig Thuis sees who reported; the local team does not."),
    )
    street = forms.CharField(label=_("Street"), max_length=200)
    house_number = forms.CharField(label=_("House number"), max_length=20)
    postcode = forms.CharField(label=_("Postcode"), max_length=7)
    city = forms.CharField(label=_("Place"), max_length=100)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.all())
    receiving_team = forms.ModelChoiceField(
        label=_("Receiving team"),
        queryset=Team.objects.filter(organisation__kind="local_team").select_related("organisation"),
        required=False,
        help_text=_("Leave empty for the team the family's municipality names for handovers."),
    )
    conditions = forms.CharField(
        label=_("Safety conditions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One condition per line, each one concrete: who does or does not do what."),
    )
    monitoring_months = forms.CharField(
        label=_("Monitoring moments (months after acceptance)"),
        initial=", ".join(str(months) for months in DEFAULT_MONITORING_MONTHS),
        help_text=_("Default 3 and 6 months. Separate with commas."),
    )

    def clean_postcode(self):
        match = POSTCODE.match(self.cleaned_data["postcode"])
        if not match:
            raise forms.ValidationError(_("A Dutch postcode is four digits and two letters, like 1501 AB."))
        return f"{match[1]}{match[2].upper()}"

    def clean_conditions(self) -> list[str]:
        lines = [line.strip(" -•\t") for line in self.cleaned_data["conditions"].splitlines()]
        return [line for line in lines if line]

    def clean_monitoring_months(self) -> list[int]:
        try:
            months = [
                int(part) for part in self.cleaned_data["monitoring_months"].replace(";", ",").split(",")
            ]
        except ValueError:
            raise forms.ValidationError(_("Write whole months, separated by commas, like 3, 6.")) from None
        if not months or any(not 1 <= month <= 24 for month in months):
            raise forms.ValidationError(_("Each moment lies between 1 and 24 months after acceptance."))
        return months

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality")
        if not data.get("receiving_team") and municipality:
            # The team the municipality names (set in /beheer/); never a guess among the teams serving it.
            team = municipality.handover_team
            if team is None:
                self.add_error(
                    "receiving_team",
                    _("%(municipality)s has not named a team for handovers; choose the receiving team.")
                    % {"municipality": municipality},
                )
            data["receiving_team"] = team
        return data

    # The form's parts, each under its own heading, with the fields it holds ("persons": the person rows).
    SECTIONS = (
        ("report", _("The report"), ("reference", "urgency", "outcome_code")),
        ("explanation", _("Explanation"), ("what_happened", "since", "reporter")),
        ("address", _("Family and address"), ("street", "house_number", "postcode", "city", "municipality",
                                                "receiving_team")),
        ("persons", _("Persons"), ()),
        ("conditions", _("Safety conditions"), ("conditions",)),
        ("monitoring", _("Monitoring"), ("monitoring_months",)),
    )  # fmt: skip

    def sections(self, persons: forms.BaseFormSet) -> list[dict]:
        """The parts of the form with their fields and, per part, its errors in words ("Postcode: ...")."""
        parts = []
        for key, title, names in self.SECTIONS:
            if key == "persons":
                errors = [str(error) for error in persons.non_form_errors()] + [
                    _("Person %(number)s: %(label)s: %(error)s")
                    % {"number": number, "label": person.fields[name].label, "error": error}
                    for number, person in enumerate(persons.forms, start=1)
                    for name, messages in person.errors.items()
                    for error in messages
                ]
            else:
                errors = [
                    f"{self.fields[name].label}: {error}"
                    for name in names
                    for error in self.errors.get(name, ())
                ]
            parts.append(
                {"key": key, "title": title, "fields": [self[name] for name in names], "errors": errors}
            )
        return parts


class ReferralPersonForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=100)
    surname_prefix = forms.CharField(label=_("Prefix"), max_length=20, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput)
    bsn = forms.CharField(label=_("BSN"), max_length=11, required=False)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices, initial=Relation.CHILD)

    def clean_bsn(self):
        value = self.cleaned_data["bsn"]
        return clean_bsn(value) if value.strip() else ""

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        return value


class PersonRows(forms.BaseFormSet):
    """The family's people, one row each; "Persoon toevoegen" adds a row, with no limit that matters.

    Every row after the first may stay empty, also one shown filled in (from a draft, or a form shown
    again after adding a row): an emptied row is left out, not an error. So no row counts as an initial
    form, and the rows shown are the filled-in ones plus ``extra`` empty ones.
    """

    default_error_messages = {"too_few_forms": _("Name at least one member of the family.")}

    def initial_form_count(self) -> int:
        return super().initial_form_count() if self.is_bound else 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return max(len(self.initial or ()), self.min_num) + self.extra


PersonFormSet = forms.formset_factory(
    ReferralPersonForm, formset=PersonRows, extra=1, min_num=1, validate_min=True
)


def as_typed(form: forms.Form) -> dict:
    """What was posted in the form, field by field: to show it again unchecked, as initial values."""
    return {name: form[name].value() for name in form.fields}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ForwardForm(ReasonForm):
    team = forms.ModelChoiceField(
        label=_("To team"),
        queryset=Team.objects.filter(organisation__kind="local_team").select_related("organisation"),
    )


class AcceptForm(forms.Form):
    family = forms.ChoiceField(label=_("Family"), widget=forms.RadioSelect)
    director = UserChoiceField(label=_("Director (regisseur)"), queryset=User.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, families, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("new", _("A new family in Zicht, made from this handover"))]
        for family in families:
            open_cases = [case for case in family.cases.all() if not case.is_closed]
            suffix = _(" (open case %(number)s)") % {"number": open_cases[0].number} if open_cases else ""
            choices.append((str(family.pk), f"{family.name}{suffix}"))
        self.fields["family"].choices = choices
        self.fields["family"].initial = choices[1][0] if len(choices) == 2 else "new"
        self.fields["director"].queryset = (
            User.objects.filter(groups=team.group, is_active=True)
            .filter(groups__name__in=["youth_worker", "team_lead"])
            .distinct()
        )


class WarmHandoverForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(label=_("Time"), widget=TimeInput)

    @property
    def at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["on"], self.cleaned_data["time"]))


class MonitoringForm(forms.Form):
    """One monitoring moment's result. Well before the moment's date it also asks why now already."""

    result = forms.ChoiceField(
        label=_("Are the safety conditions met?"),
        choices=MonitoringMoment.Result.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    early_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args, moment: MonitoringMoment, **kwargs):
        kwargs.setdefault("auto_id", f"id_moment{moment.pk}_%s")  # one form per moment on the page
        super().__init__(*args, **kwargs)
        self.moment = moment
        self.early = monitoring_is_early(moment)
        if self.early:
            field = self.fields["early_reason"]
            field.required = True
            field.error_messages["required"] = early_reason_missing(moment)
            field.label = _("This moment is not until %(date)s; why record it now already?") % {
                "date": date_format(moment.due_on, "j F Y")
            }
        else:
            del self.fields["early_reason"]
