from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ReportingCodeStepForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), widget=DateInput)
    performed_by = forms.CharField(
        label=_("Who"), max_length=200, help_text=_("Who took this step, with whom")
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReportingCodeDecisionForm(forms.Form):
    reporting_required = forms.ChoiceField(
        label=_("1. Is reporting to Veilig Thuis necessary?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("Yes whenever there is a suspicion of acute or structural unsafety."),
    )
    reporting_rationale = forms.CharField(label=_("Explain"), widget=forms.Textarea(attrs={"rows": 3}))
    own_help_possible = forms.ChoiceField(
        label=_("2. Can you (also) provide or organise sufficient help yourself?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    own_help_rationale = forms.CharField(label=_("Explain"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)
