from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case
from core.forms import DateInput, TimeInput, UserChoiceField, UserMultipleChoiceField
from safetyplans.models import SafetyPlan
from tables.models import DEFAULT_CAPACITY_MINUTES, Invitee, Outcome, Submission, Table
from tables.services import MAX_ITEM_MINUTES, MIN_ITEM_MINUTES

TEXT = {"rows": 4}


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SafetyPlan) -> str:
        when = obj.agreed_at.strftime("%d-%m-%Y") if obj.agreed_at else ""
        return _("Version %(number)s, agreed on %(date)s") % {"number": obj.number, "date": when}


class SubmissionForm(forms.Form):
    """The verzoek tot bespreking. Ids arriving in the POST are limited to this case's own plans."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    table = forms.ModelChoiceField(label=_("Beschermtafel"), queryset=Table.objects.all())
    question = forms.CharField(
        label=_("Question for the table"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question, as concrete as you can: what should the table decide?"),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXT), required=False)
    worries = forms.CharField(
        label=_("Worries"),
        widget=forms.Textarea(attrs=TEXT),
        required=False,
        help_text=_("What are you worried about, and what will happen to the children if nothing changes?"),
    )
    strengths = forms.CharField(
        label=_("What is going well"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    earlier_help = forms.CharField(label=_("Earlier help"), widget=forms.Textarea(attrs=TEXT), required=False)
    asked = forms.CharField(
        label=_("What is asked of the table"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    safety_plan = PlanChoiceField(
        label=_("Safety plan"),
        queryset=SafetyPlan.objects.none(),
        required=False,
        empty_label=_("No plan attached"),
        help_text=_("The agreed plan is attached by version: the table reads exactly this text."),
    )
    parents_informed_on = forms.DateField(label=_("Parents told on"), widget=DateInput, required=False)
    parents_invited = forms.BooleanField(label=_("The parents are invited to the table"), required=False)
    parents_not_informed_reason = forms.CharField(
        label=_("Why the parents were not told"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    children_informed_on = forms.DateField(
        label=_("Children of 12 and older told on"), widget=DateInput, required=False
    )
    children_invited = forms.BooleanField(label=_("The children of 12 and older are invited"), required=False)
    children_not_informed_reason = forms.CharField(
        label=_("Why the children were not told"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    preferred_date = forms.DateField(label=_("Preferred date"), widget=DateInput, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safety_plan"].queryset = case.safety_plans.exclude(state=SafetyPlan.State.DRAFT)


class MeetingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    starts_at = forms.TimeField(label=_("Start time"), widget=TimeInput)
    place = forms.CharField(label=_("Place"), max_length=300)
    capacity_minutes = forms.IntegerField(
        label=_("Time available (minutes)"), min_value=30, max_value=600, initial=DEFAULT_CAPACITY_MINUTES
    )
    members = UserMultipleChoiceField(
        label=_("Members at this meeting"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When the agenda is published, they may read its submissions, and nothing else."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AgendaAddForm(VersionForm):
    submission = forms.ModelChoiceField(
        label=_("Family waiting for a date"), queryset=Submission.objects.none()
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = waiting
        self.fields["submission"].label_from_instance = lambda s: f"{s.case.family.name} ({s.case.number})"


class ItemForm(VersionForm):
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=MIN_ITEM_MINUTES, max_value=MAX_ITEM_MINUTES
    )
    invitees = forms.MultipleChoiceField(
        label=_("Invited"), choices=Invitee.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class OrderForm(VersionForm):
    order = forms.CharField()

    def clean_order(self) -> list[int]:
        try:
            return [int(part) for part in self.cleaned_data["order"].split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("The order of the agenda was not understood.")) from None


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=Outcome.Kind.choices, widget=forms.RadioSelect)
    decision = forms.CharField(
        label=_("Decision and advice"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("In plain words: this text also goes to the parents."),
    )
    agreements = forms.CharField(
        label=_("Agreements (under pressure)"),
        widget=forms.Textarea(attrs=TEXT),
        required=False,
        help_text=_("One agreement per line: who | does what | by when."),
    )
    report_back_on = forms.DateField(label=_("Report back to the table on"), widget=DateInput, required=False)
    investigator = UserChoiceField(label=_("Raad investigator"), queryset=User.objects.none(), required=False)
    minutes = forms.CharField(
        label=_("Minutes of the discussion"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    parents_informed = forms.BooleanField(label=_("The parents were told the outcome"), required=False)
    parents_informed_note = forms.CharField(
        label=_("How, or why not"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, investigators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = investigators

    def clean_agreements(self) -> list[dict]:
        rows = []
        for line in self.cleaned_data["agreements"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _(
                        "Write each agreement as: who | does what | by when "
                        "(for example: Father | goes to the course | 1 March)."
                    )
                )
            rows.append({"who": parts[0], "what": parts[1], "when": parts[2]})
        return rows


class ReportBackForm(forms.Form):
    on = forms.DateField(label=_("Reported back on"), widget=DateInput)
    note = forms.CharField(label=_("What was reported back"), widget=forms.Textarea(attrs={"rows": 3}))


class BoardDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the Raad"), choices=Outcome.BoardDecision.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
