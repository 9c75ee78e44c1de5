from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput


class FlagAcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("What is being done about it?"), widget=forms.Textarea(attrs={"rows": 2}))


class FlagSnoozeForm(forms.Form):
    until = forms.DateField(label=_("Out of sight until"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FlagListForm(forms.Form):
    """Which of the team's open signals to list: of one rule, on the cases of one director, or all."""

    rule = forms.ChoiceField(label=_("Rule"), required=False)
    director = forms.TypedChoiceField(label=_("Director"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, rules, directors: list[dict], **kwargs):
        """rules: the registered rules; directors: who directs the lead's flagged cases (user_id, name)."""
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("All rules"))] + [
            (rule.id, f"{rule.id} {rule.title}") for rule in sorted(rules, key=lambda rule: rule.id)
        ]
        self.fields["director"].choices = [("", _("Everyone"))] + [
            (row["user_id"], row["name"]) for row in directors
        ]
