from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from flags.models import RuleSetting
from flags.registry import RULES


class RuleSettingForm(forms.ModelForm):
    rule = forms.ChoiceField(label=_("Rule"))

    class Meta:
        model = RuleSetting
        fields = ("rule", "organisation", "threshold", "enabled")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [
            (rule.id, f"{rule.id} {rule.title} ({_('default')}: {rule.term()})")
            for rule in sorted(RULES.values(), key=lambda rule: rule.id)
        ]


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    """Thresholds per organisation for the stalled-case rules (the defaults and sources are in the code)."""

    form = RuleSettingForm
    list_display = ("rule", "organisation", "threshold", "enabled")
    list_filter = ("rule", "organisation")
