from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import clean_bsn


class AccessLogSearchForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=20)
    bsn = forms.CharField(label=_("BSN of a family member"), required=False, max_length=11)
    worker = forms.CharField(
        label=_("Worker"), required=False, max_length=150, help_text=_("Username, or (part of) the name.")
    )
    date_from = forms.DateField(
        label=_("Period: from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Period: up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_bsn(self):
        value = self.cleaned_data["bsn"]
        return clean_bsn(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not any(data.get(field) for field in ("case_number", "bsn", "worker", "date_from", "date_to")):
            raise forms.ValidationError(_("Fill in a case number, a BSN, a worker or a period."))
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return data

    def query(self) -> dict:
        """What was asked, for the access event of the search itself (dates as text)."""
        return {key: str(value) for key, value in self.cleaned_data.items() if value}
