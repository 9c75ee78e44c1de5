from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from reportingcode.models import Weighing

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ReportingCodeStepForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), widget=DateInput)
    performed_by = forms.CharField(
        label=_("Who"), max_length=200, help_text=_("Who took this step, with whom")
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


# What each answer leads to, as the afwegingskader says (domain.md §2.2).
WEIGHING_HINTS = {
    Weighing.Question.SUSPICION: _("No: close, and record that in the file."),
    Weighing.Question.UNSAFETY: _(
        "Yes: reporting is required; go through questions 3 to 5 together with Veilig Thuis."
    ),
    Weighing.Question.HELP_POSSIBLE: _("No: report."),
    Weighing.Question.HELP_ACCEPTED: _("No: report."),
    Weighing.Question.RESULTS: _("No: report (again). Yes: close, with agreements on following safety."),
}


class ReportingCodeDecisionForm(forms.Form):
    """Step 5: the five afwegingen, each answered yes or no with an explanation; the service checks which
    of them the decision needs (a question after a settling answer may stay empty)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question, label in Weighing.Question.choices:
            self.fields[f"answer_{question}"] = forms.ChoiceField(
                label=label,
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
                help_text=WEIGHING_HINTS[question],
            )
            self.fields[f"explanation_{question}"] = forms.CharField(
                label=_("Explanation of question %(number)s") % {"number": question},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        self.fields["skipped_reason"] = forms.CharField(
            label=_("Why were steps 2 to 4 skipped?"),
            help_text=_("Only when a step was not taken, for example in acute danger: reported at once."),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
        self.fields["decided_on"] = forms.DateField(label=_("Date of the decision"), widget=DateInput)
        # The version of the decision the page showed (0: none yet); a missing one reads as 0, so a
        # decision saved meanwhile by someone else is reported, not overwritten.
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def weighings(self) -> dict[int, tuple[bool | None, str]]:
        """Per question: the answer (None: not answered) and the explanation."""
        data = self.cleaned_data
        return {
            question: (
                {"yes": True, "no": False}.get(data[f"answer_{question}"]),
                data[f"explanation_{question}"],
            )
            for question in Weighing.Question.values
        }

    def questions(self) -> list[tuple]:
        """(answer field, explanation field) per question, for the template."""
        return [
            (self[f"answer_{question}"], self[f"explanation_{question}"])
            for question in Weighing.Question.values
        ]
