from django import forms
from django.utils.translation import gettext_lazy as _

from cases.validators import clean_bsn


class AccessLogSearchForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=20)
    bsn = forms.CharField(label=_("BSN of a family member"), required=False, max_length=11)

    def clean_bsn(self):
        value = self.cleaned_data["bsn"]
        return clean_bsn(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("case_number") or data.get("bsn")):
            raise forms.ValidationError(_("Fill in a case number or a BSN."))
        return data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
