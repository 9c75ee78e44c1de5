from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case, ClosingReason, Person, Phase
from core.forms import DateInput, UserChoiceField
from measures.models import MeasureKind


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    children = forms.TypedMultipleChoiceField(
        label=_("For which children"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    court = forms.CharField(label=_("Court"), max_length=200, initial="Rechtbank Noord-Holland")
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Ends on"), widget=DateInput, required=False, help_text=_("Leave empty for guardianship.")
    )
    gi_worker = UserChoiceField(label=_("Child protection worker (GI)"), queryset=User.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, children: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {child.pk: child for child in children}
        self.fields["children"].choices = [(child.pk, child.full_name) for child in children]
        self.fields["gi_worker"].queryset = User.objects.filter(groups__name="gi_worker", is_active=True)
        self.fields["version"].initial = case.version

    def clean_children(self) -> list[Person]:
        return [self.children[pk] for pk in self.cleaned_data["children"]]


class MeasureExtendForm(forms.Form):
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)
    new_ends_on = forms.DateField(label=_("New end date"), widget=DateInput)


class MeasureEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput)
    reason = forms.CharField(label=_("Why it ended"), widget=forms.Textarea(attrs={"rows": 2}))
    then = forms.ChoiceField(
        label=_("When no measure is left, the case"),
        choices=[
            (Phase.VOLUNTARY.value, _("returns to the voluntary phase")),
            (Phase.CLOSED.value, _("closes")),
        ],
        widget=forms.RadioSelect,
        initial=Phase.VOLUNTARY.value,
    )
    closing_reason = forms.ChoiceField(
        label=_("Why is the case closed?"), choices=[("", "—"), *ClosingReason.choices], required=False
    )


class PlacementForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Child"), coerce=int)
    where = forms.CharField(
        label=_("Where"), max_length=300, help_text=_("Foster family, residential group, ...")
    )
    since = forms.DateField(label=_("Since"), widget=DateInput)
    until = forms.DateField(label=_("Until"), widget=DateInput, required=False)

    def __init__(self, *args, children: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {child.pk: child for child in children}
        self.fields["child"].choices = [(child.pk, child.full_name) for child in children]

    def clean_child(self) -> Person:
        return self.children[self.cleaned_data["child"]]
