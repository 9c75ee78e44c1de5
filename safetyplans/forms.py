from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from safetyplans.models import GoalResult, SafetyPlan


class PlanForm(forms.Form):
    made_by = forms.CharField(
        label=_("Who made this plan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Parents, children from 12, network members and professionals. One per line."),
    )
    family_goals = forms.CharField(
        label=_("The family's own goals"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    strengths = forms.CharField(
        label=_("What is going well"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Strengths and the safety that is already there."),
    )
    supervisor = forms.CharField(label=_("Who supervises the agreements"), max_length=200, required=False)
    evaluation_on = forms.DateField(label=_("Evaluation date"), widget=DateInput, required=False)
    evaluation_with = forms.CharField(label=_("Evaluation with"), max_length=300, required=False)
    child_section = forms.CharField(
        label=_("The children's part, in their own words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Short sentences a child understands. Can be printed on its own."),
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput)


class WorryForm(forms.Form):
    who_worried = forms.CharField(label=_("Who is worried"), max_length=200)
    behaviour = forms.CharField(label=_("About what behaviour"), widget=forms.Textarea(attrs={"rows": 2}))
    consequence = forms.CharField(
        label=_("What will happen to the child if nothing changes"), widget=forms.Textarea(attrs={"rows": 2})
    )
    goal = forms.CharField(
        label=_("Safety goal: what everyone will see when it is safe enough"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goal_duration = forms.CharField(label=_("For how long"), max_length=200)
    agreements = forms.CharField(
        label=_("Agreements"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One agreement per line: who | does what | when and how often."),
    )

    def clean_agreements(self) -> list[dict]:
        agreements = []
        for number, line in enumerate(self.cleaned_data["agreements"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Line %(number)s: write each agreement as who | does what | when and how often.")
                    % {"number": number}
                )
            agreements.append({"who": parts[0], "what": parts[1], "when": parts[2]})
        return agreements


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relation = forms.CharField(label=_("Relation"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=40)
    role = forms.CharField(label=_("Role in the plan"), max_length=200, required=False)
    child_can_call = forms.BooleanField(label=_("The child can call this person"), required=False)


class EmergencyStepForm(forms.Form):
    signal = forms.CharField(label=_("When we see this"), max_length=300)
    action = forms.CharField(label=_("This happens"), max_length=300)
    call = forms.CharField(label=_("And we call"), max_length=200)


class ScoreForm(forms.Form):
    participant = forms.CharField(label=_("Participant"), max_length=200)
    score = forms.IntegerField(
        label=_("Safety scale (0-10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


def _formset(form, extra):
    return forms.formset_factory(form, extra=extra, max_num=30)


WorryFormSet = _formset(WorryForm, 1)
NetworkFormSet = _formset(NetworkForm, 2)
EmergencyFormSet = _formset(EmergencyStepForm, 1)
ScoreFormSet = _formset(ScoreForm, 2)


class AgreeForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How was the plan agreed?"), choices=SafetyPlan.AgreedHow.choices, widget=forms.RadioSelect
    )
    agreed_with = forms.CharField(
        label=_("Agreed with"),
        max_length=300,
        help_text=_("Everyone who agreed, e.g. mother, father, grandmother."),
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput)


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Date"), widget=DateInput)
    with_whom = forms.CharField(label=_("With whom"), max_length=300)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, worries, scores, **kwargs):
        super().__init__(*args, **kwargs)
        for worry in worries:
            self.fields[f"goal_{worry.pk}"] = forms.ChoiceField(
                label=worry.goal, choices=GoalResult.Result.choices, widget=forms.RadioSelect
            )
        for score in scores:
            self.fields[f"score_{score.pk}"] = forms.IntegerField(
                label=_("Safety scale now: %(participant)s (was %(score)s)")
                % {"participant": score.participant, "score": score.score},
                validators=[MinValueValidator(0), MaxValueValidator(10)],
                required=False,
            )
        self.worries = list(worries)
        self.scores = list(scores)

    @property
    def results(self) -> dict[int, str]:
        return {worry.pk: self.cleaned_data[f"goal_{worry.pk}"] for worry in self.worries}

    @property
    def new_scores(self) -> list[dict]:
        return [
            {"participant": score.participant, "score": self.cleaned_data[f"score_{score.pk}"]}
            for score in self.scores
            if self.cleaned_data.get(f"score_{score.pk}") is not None
        ]

    def goal_fields(self):
        return [self[f"goal_{worry.pk}"] for worry in self.worries]

    def score_fields(self):
        return [self[f"score_{score.pk}"] for score in self.scores]
