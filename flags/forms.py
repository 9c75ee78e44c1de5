from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput


class FlagAcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("What is being done about it?"), widget=forms.Textarea(attrs={"rows": 2}))


class FlagSnoozeForm(forms.Form):
    until = forms.DateField(label=_("Out of sight until"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
