from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Phase
from core.forms import DateInput
from core.validators import clean_bsn


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or case number"), required=False, max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=11)

    def clean_bsn(self):
        value = self.cleaned_data["bsn"]
        return clean_bsn(value) if value.strip() else ""


class CaseListForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("All open cases")), *Phase.choices], required=False
    )
    director = forms.TypedChoiceField(label=_("Director"), coerce=int, required=False, empty_value=None)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, directors: list[tuple[int, str]], **kwargs):
        """directors: (id, name) of the people to filter on, read once. Only their ids are valid choices."""
        super().__init__(*args, **kwargs)
        self.fields["director"].choices = [("", _("Everyone")), *directors]


class EmergencyAccessForm(forms.Form):
    bsn = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why do you need this file now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Your reason is kept in the access log and sent to the team lead and the privacy officer."
        ),
    )

    def clean_bsn(self):
        return clean_bsn(self.cleaned_data["bsn"])
