from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.formsets import DELETION_FIELD_NAME, TOTAL_FORM_COUNT
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.params import parse_int
from safetyplans.models import GoalResult, SafetyPlan

MAX_ROWS = 30  # per section, and per worry for its agreements


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


class RowForm(forms.Form):
    """One row of a section of the plan: a worry, an agreement, a network member, a step or a score.

    A row nothing was typed in is left out, also one that was emptied. While a row is being added
    (``checked=False``) nothing is checked yet: every row comes back as it was typed, without errors.
    """

    def __init__(self, *args, checked: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = checked

    def has_changed(self) -> bool:
        return self.checked and any(
            str(self[name].data or "").strip() for name in self.fields if name != DELETION_FIELD_NAME
        )


class RowFormSet(forms.BaseFormSet):
    """Rows the worker adds (a button; htmx or a full page) and removes (a checkbox) before saving."""

    def __init__(self, *args, checked: bool = True, **kwargs):
        super().__init__(*args, form_kwargs={"checked": checked}, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def rows(self) -> list[dict]:
        """The rows to save, in order, after is_valid(): the ones typed in and not removed."""
        return [
            {name: value for name, value in form.cleaned_data.items() if name != DELETION_FIELD_NAME}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]

    def find(self, prefix: str) -> "RowFormSet | None":
        """This formset or one nested in its rows, by prefix (the add-row button names it)."""
        if prefix == self.prefix:
            return self
        for form in self.forms:
            nested = getattr(form, "agreements", None)
            found = nested.find(prefix) if nested is not None else None
            if found is not None:
                return found
        return None


def _rows(form, *, extra: int, legend, row, add):
    formset = forms.formset_factory(
        form, formset=RowFormSet, extra=extra, max_num=MAX_ROWS, validate_max=True, can_delete=True
    )
    # For the template: the section's legend, each row's name ("Afspraak 2") and the add button.
    formset.legend, formset.row_label, formset.add_label = legend, row, add
    return formset


class AgreementForm(RowForm):
    who = forms.CharField(label=_("Who"), max_length=200)
    what = forms.CharField(label=_("Does what"), widget=forms.Textarea(attrs={"rows": 2}))
    when = forms.CharField(label=_("When and how often"), max_length=200)


AgreementFormSet = _rows(
    AgreementForm, extra=1, legend=_("Agreements"), row=_("Agreement"), add=_("Add an agreement")
)


class WorryForm(RowForm):
    who_worried = forms.CharField(
        label=_("Who is worried"),
        max_length=200,
        help_text=_("More than one? Separate them with a comma or 'and'."),
    )
    behaviour = forms.CharField(label=_("About what behaviour"), widget=forms.Textarea(attrs={"rows": 2}))
    consequence = forms.CharField(
        label=_("What will happen to the child if nothing changes"), widget=forms.Textarea(attrs={"rows": 2})
    )
    goal = forms.CharField(
        label=_("Safety goal: what everyone will see when it is safe enough"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goal_duration = forms.CharField(label=_("For how long"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = self.add_prefix("agreements")
        # A worry just added has no agreement rows in the posted data yet: it starts with empty ones.
        data = self.data if f"{prefix}-{TOTAL_FORM_COUNT}" in self.data else None
        self.agreements = AgreementFormSet(
            data, initial=self.initial.get("agreements", []), prefix=prefix, checked=self.checked
        )

    def has_changed(self) -> bool:
        return super().has_changed() or self.agreements.has_changed()

    def clean(self):
        cleaned = super().clean()
        if not self.agreements.is_valid():
            raise forms.ValidationError(_("Check the agreements of this worry: see the messages below."))
        cleaned["agreements"] = self.agreements.rows()
        return cleaned


class NetworkForm(RowForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    relation = forms.CharField(label=_("Relation"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=40)
    role = forms.CharField(label=_("Role in the plan"), max_length=200, required=False)
    child_can_call = forms.BooleanField(label=_("The child can call this person"), required=False)


class EmergencyStepForm(RowForm):
    signal = forms.CharField(label=_("When we see this"), max_length=300)
    action = forms.CharField(label=_("This happens"), max_length=300)
    call = forms.CharField(label=_("And we call"), max_length=200)


class ScoreForm(RowForm):
    participant = forms.CharField(label=_("Participant"), max_length=200)
    score = forms.IntegerField(
        label=_("Safety scale (0-10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


WorryFormSet = _rows(
    WorryForm, extra=1, legend=_("Worries, goals and agreements"), row=_("Worry"), add=_("Add a worry")
)
NetworkFormSet = _rows(
    NetworkForm, extra=2, legend=_("Safety network"), row=_("Network member"), add=_("Add a network member")
)
EmergencyFormSet = _rows(
    EmergencyStepForm, extra=1, legend=_("When things go wrong"), row=_("Step"), add=_("Add a step")
)
ScoreFormSet = _rows(
    ScoreForm,
    extra=2,
    legend=_("Safety scale per participant"),
    row=_("Participant"),
    add=_("Add a participant"),
)


def plan_formsets(data, content: dict, *, checked: bool = True) -> dict[str, RowFormSet]:
    """The plan's sections as formsets, keyed as in the plan's content; filled from ``content``."""
    sections = {
        "worries": (WorryFormSet, "worries"),
        "network": (NetworkFormSet, "network"),
        "emergency_steps": (EmergencyFormSet, "steps"),
        "scores": (ScoreFormSet, "scores"),
    }
    return {
        key: formset(data, initial=content[key], prefix=prefix, checked=checked)
        for key, (formset, prefix) in sections.items()
    }


def with_one_more_row(data, prefix: str):
    """The posted data with room for one more row in the formset ``prefix``; None when there is no such
    formset in the data or it is full."""
    key = f"{prefix}-{TOTAL_FORM_COUNT}"
    count = parse_int(data.get(key), minimum=0, maximum=MAX_ROWS - 1)
    if count is None:
        return None
    data = data.copy()
    data[key] = str(count + 1)
    return data


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
