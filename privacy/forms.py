"""The privacy officer's forms. They check the input; the services (privacy/services.py) check the rules and
the forms show their refusals at the field they concern (``service_errors``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Phase
from core.forms import DateInput, add_service_errors
from core.validators import clean_bsn
from privacy import selectors
from privacy.models import RetentionHold, RightsRequest

STALE_FORM = _("This form is out of date: reload the page and try again.")

# A service's refusal (its code) shown at the field it is about; others go on top of the form.
REQUEST_ERROR_FIELDS = {
    "future": "received_on",
    "case": "case",
    "not_in_case": "case",
    "too_young": "requester",
    "adult": "requester",
    "not_adult": "requester",
    "consent": "consent_given",
}
EXTEND_ERROR_FIELDS = {"reason": "reason"}
DECIDE_ERROR_FIELDS = {
    "date": "decided_on",
    "outcome": "outcome",
    "note": "note",
    "review": "third_parties_reviewed",
    "handover": "handed_over_how",
}
HOLD_ERROR_FIELDS = {"reason": "reason", "note": "note", "until": "until", "destroyed": "case_number"}


def service_errors(form: forms.Form, error: ValidationError, fields: dict[str, str]) -> None:
    """Put a service's ValidationError at the field its code names (when the form has it), else on top."""
    field = fields.get(getattr(error, "code", None) or "")
    if field in form.fields and not hasattr(error, "error_dict"):
        form.add_error(field, error)
    else:
        add_service_errors(form, error)


class VersionForm(forms.Form):
    """Carries the version the page was built from (core.locking): a change in between is refused."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )

    def clean(self):
        data = super().clean()
        # A hidden field's error would not show next to anything: say it on top of the form.
        if "version" in self.errors:
            self.add_error(None, self.errors.pop("version"))
        return data


# Rights requests --------------------------------------------------------------------------------------


class PersonLookupForm(forms.Form):
    """Step one of recording a request: find the person by BSN, or by the number of a file they are in."""

    bsn = forms.CharField(label=_("BSN of the person"), required=False, max_length=11)
    case_number = forms.CharField(
        label=_("Or: case number"),
        required=False,
        max_length=20,
        help_text=_("Then choose the person among the family members of that file."),
    )

    def clean_bsn(self):
        value = self.cleaned_data["bsn"]
        return clean_bsn(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.persons = None
        if data["bsn"]:
            persons = selectors.persons_with_bsn(data["bsn"])
            if not persons.exists():
                self.add_error("bsn", _("Nobody with this BSN is known in Zicht."))
                return data
            self.persons = persons
        elif data["case_number"].strip():
            case = selectors.case_by_number(data["case_number"])
            if case is None:
                self.add_error("case_number", _("There is no case file with this number."))
                return data
            if hasattr(case, "destruction"):
                self.add_error("case_number", _("This case file has been destroyed."))
                return data
            self.persons = selectors.persons_of_case(case)
        else:
            raise ValidationError(_("Fill in a BSN or a case number."))
        return data


def _person_label(person) -> str:
    born = date_format(person.birth_date, "j b Y")
    return _("%(name)s, born %(born)s (%(age)d years)") % {
        "name": person.full_name,
        "born": born,
        "age": person.age,
    }


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _person_label(obj)


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        opened = date_format(obj.opened_on, "j b Y")
        if obj.closed_on:
            return _("%(number)s, %(team)s, from %(opened)s to %(closed)s") % {
                "number": obj.number,
                "team": obj.team.name,
                "opened": opened,
                "closed": date_format(obj.closed_on, "j b Y"),
            }
        return _("%(number)s, %(team)s, open since %(opened)s") % {
            "number": obj.number,
            "team": obj.team.name,
            "opened": opened,
        }


REQUESTER_HELP = _(
    "From 12 a child asks itself. Parents with parental authority and the guardian ask for a child under "
    "16; for a young person of 16 or 17 they need the young person's consent. For an adult: the person "
    "themselves, or their curator or mentor. Anyone else needs consent."
)


class RightsRequestForm(forms.Form):
    """Step two: the request. The person and the file are chosen only among those the lookup found."""

    person = PersonChoiceField(
        label=_("Who the request is about"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Kind of request"), choices=RightsRequest.Kind.choices, widget=forms.RadioSelect
    )
    case = CaseChoiceField(
        label=_("Case file the request is about"),
        queryset=None,
        required=False,
        empty_label=_("— (inspection: every file of the person)"),
        help_text=_("Required for a correction or an objection: it concerns one file."),
    )
    requester = forms.ChoiceField(
        label=_("Asked by"),
        choices=RightsRequest.Requester.choices,
        widget=forms.RadioSelect,
        help_text=REQUESTER_HELP,
    )
    requester_name = forms.CharField(label=_("Name of who asked"), required=False, max_length=200)
    consent_given = forms.BooleanField(
        label=_("The young person (or the person themselves) consented"), required=False
    )
    details = forms.CharField(
        label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)

    def __init__(self, *args, persons, cases, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["case"].queryset = cases
        if persons.count() == 1:
            self.fields["person"].initial = persons.first().pk


class ExtendForm(VersionForm):
    reason = forms.CharField(
        label=_("Why more time is needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The person is told this reason. The term can be extended once, within the first month."),
    )


class DecideForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=RightsRequest.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Required when the request is refused or partly granted: the person may object to it."),
    )
    decided_on = forms.DateField(label=_("Answered on"), widget=DateInput)
    handed_over_on = forms.DateField(label=_("Copy handed over on"), widget=DateInput, required=False)
    handed_over_how = forms.CharField(
        label=_("How the copy was handed over"),
        required=False,
        max_length=200,
        help_text=_("For example: in person at the office, by registered post."),
    )
    third_parties_reviewed = forms.BooleanField(
        label=_("Information about others reviewed"),
        required=False,
        help_text=_("Information about other people in the copy was checked and left out where needed."),
    )

    def __init__(self, *args, request: RightsRequest, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if request.kind != RightsRequest.Kind.INZAGE:
            for name in ("handed_over_on", "handed_over_how", "third_parties_reviewed"):
                del self.fields[name]


# Retention --------------------------------------------------------------------------------------------


class KeepForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why the file is kept"), choices=RetentionHold.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    until = forms.DateField(
        label=_("Keep until"),
        widget=DateInput,
        required=False,
        help_text=_("Empty: until the hold is lifted."),
    )


class DestructionKeepForm(KeepForm, VersionForm):
    pass


class HoldForm(KeepForm):
    case_number = forms.CharField(label=_("Case number"), max_length=20)

    field_order = ["case_number", "reason", "note", "until"]

    def clean_case_number(self):
        case = selectors.case_by_number(self.cleaned_data["case_number"])
        if case is None:
            raise ValidationError(_("There is no case file with this number."))
        if case.phase != Phase.CLOSED:
            raise ValidationError(
                _("This file is still open: only a closed file is kept past its term with a hold.")
            )
        self.case: Case = case
        return case.number
