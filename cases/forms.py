import datetime as dt
import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Team, User
from accounts.roles import Role
from cases.access import persons_visible_to
from cases.models import (
    Case,
    CaseRole,
    ClosingReason,
    ContactKind,
    Gender,
    Person,
    Phase,
    Relation,
)
from cases.workflow import TRANSITIONS
from core.forms import DateInput, TimeInput, UserChoiceField, UserMultipleChoiceField
from core.validators import clean_bsn

POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")


def _not_in_future(value: dt.date | None, message) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class AddressFields(forms.Form):
    street = forms.CharField(label=_("Street"), max_length=200)
    house_number = forms.CharField(label=_("House number"), max_length=20)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("For example 1501 AB"))
    city = forms.CharField(label=_("Place"), max_length=100)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.all())

    def clean_postcode(self):
        match = POSTCODE.match(self.cleaned_data["postcode"])
        if not match:
            raise forms.ValidationError(_("A Dutch postcode is four digits and two letters, like 1501 AB."))
        return f"{match[1]}{match[2].upper()}"


class PersonFields(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=100)
    surname_prefix = forms.CharField(
        label=_("Prefix"), max_length=20, required=False, help_text=_("e.g. van, de")
    )
    surname = forms.CharField(label=_("Surname"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Unknown")), *Gender.choices], required=False
    )
    bsn = forms.CharField(label=_("BSN"), max_length=11, required=False, help_text=_("Nine digits, if known"))
    relation = forms.ChoiceField(label=_("Relation in the household"), choices=Relation.choices)
    parental_authority = forms.BooleanField(label=_("Has parental authority (gezag)"), required=False)
    confirmed_new = forms.BooleanField(label=_("This is someone else: create a new person"), required=False)

    def clean_bsn(self):
        value = self.cleaned_data["bsn"]
        return clean_bsn(value) if value.strip() else None

    def clean_birth_date(self):
        return _not_in_future(self.cleaned_data["birth_date"], _("A date of birth cannot be in the future."))


class PersonAddForm(PersonFields):
    existing_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people the user may see can be linked: ids are sequential, so any other would be a probe.
        self.fields["existing_person"].queryset = persons_visible_to(user)
        if self.data.get("existing_person"):
            # Linking an existing person: the typed details are not needed.
            for name in ("given_name", "surname", "birth_date"):
                self.fields[name].required = False


class CaseStartForm(AddressFields, PersonFields):
    household_name = forms.CharField(
        label=_("Household name"),
        max_length=200,
        help_text=_("How the team refers to the family, e.g. Family Jansen"),
    )
    living_since = forms.DateField(label=_("Living at this address since"), widget=DateInput)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    director = UserChoiceField(label=_("Director (regisseur)"), queryset=User.objects.none())
    opened_on = forms.DateField(label=_("Case opened on"), widget=DateInput)
    reason = forms.CharField(
        label=_("Why is this case opened?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    existing_family = forms.IntegerField(required=False, widget=forms.HiddenInput)
    follow_up = forms.BooleanField(label=_("Open a follow-up case linked to the closed case"), required=False)

    field_order = [
        "household_name", "street", "house_number", "postcode", "city", "municipality", "living_since",
        "given_name", "surname_prefix", "surname", "birth_date", "gender", "bsn", "relation",
        "parental_authority", "team", "director", "opened_on", "reason",
    ]  # fmt: skip

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(group__user=user).select_related("organisation")
        self.fields["team"].queryset = teams
        self.fields["director"].queryset = User.objects.filter(
            groups__team__in=teams, is_active=True
        ).distinct()
        self.fields["relation"].initial = Relation.CHILD
        self.fields["opened_on"].initial = timezone.localdate()
        self.fields["director"].initial = user.pk
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk

    def clean_opened_on(self):
        return _not_in_future(self.cleaned_data["opened_on"], _("A case cannot open in the future."))

    def clean_living_since(self):
        return _not_in_future(self.cleaned_data["living_since"], _("This date cannot be in the future."))


class ContactForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    occurred_time = forms.TimeField(label=_("Time"), widget=TimeInput)
    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=ContactKind.choices, initial=ContactKind.HOME_VISIT
    )
    children_seen = forms.TypedMultipleChoiceField(
        label=_("Children seen"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    children_spoken_alone = forms.TypedMultipleChoiceField(
        label=_("Children spoken to alone"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    present = forms.CharField(label=_("Who was present"), max_length=500, required=False)
    safety_scale = forms.IntegerField(
        label=_("Safety scale (0-10)"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("Your judgement: 0 is not safe at all, 10 is safe enough."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, children: list[Person], **kwargs):
        """children: the case's children, oldest first (the case page has them loaded already)."""
        super().__init__(*args, **kwargs)
        self.children = {child.pk: child for child in children}
        choices = [(child.pk, child.full_name) for child in children]
        self.fields["children_seen"].choices = choices
        self.fields["children_spoken_alone"].choices = choices
        now = timezone.localtime()
        self.fields["occurred_on"].initial = now.date()
        self.fields["occurred_time"].initial = now.time().replace(second=0, microsecond=0)
        self.fields["children_seen"].initial = list(self.children)

    def clean_children_seen(self) -> list[Person]:
        return [self.children[pk] for pk in self.cleaned_data["children_seen"]]

    def clean_children_spoken_alone(self) -> list[Person]:
        return [self.children[pk] for pk in self.cleaned_data["children_spoken_alone"]]

    @property
    def occurred_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["occurred_on"], data["occurred_time"]))

    def add_error(self, field, error):
        # The service speaks of the moment as a whole; show it at the date.
        if field == "occurred_at":
            field = "occurred_on"
        super().add_error(field, error)


class ContactEditForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    safety_scale = forms.IntegerField(
        label=_("Safety scale (0-10)"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New phase"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    closing_reason = forms.ChoiceField(
        label=_("Why is the case closed?"),
        choices=[("", "—"), *ClosingReason.choices],
        required=False,
        help_text=_("Only when closing the case."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[Phase(case.phase)]
        self.fields["to"].choices = [(phase.value, phase.label) for phase in Phase if phase in allowed]
        self.fields["version"].initial = case.version


class AssignForm(forms.Form):
    director = UserChoiceField(label=_("Director (regisseur)"), queryset=User.objects.none())
    co_workers = UserMultipleChoiceField(
        label=_("Co-workers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        members = User.objects.filter(groups=case.team.group, is_active=True).order_by("first_name")
        self.fields["director"].queryset = members
        self.fields["co_workers"].queryset = members
        self.fields["version"].initial = case.version


class MoveForm(AddressFields):
    moved_on = forms.DateField(label=_("Moved on"), widget=DateInput)

    def clean_moved_on(self):
        return _not_in_future(
            self.cleaned_data["moved_on"], _("A move cannot be recorded before it happened.")
        )


class BoardRequestForm(forms.Form):
    """A direct request to the Raad to investigate, made without the Beschermtafel."""

    investigator = UserChoiceField(label=_("Investigator of the Raad"), queryset=User.objects.none())
    requested_on = forms.DateField(label=_("Date of the request"), widget=DateInput)
    reason = forms.CharField(
        label=_("Who asked the Raad, and why without the table"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = User.objects.filter(
            groups__name=Role.BOARD_INVESTIGATOR, is_active=True
        ).select_related("organisation")
        self.fields["requested_on"].initial = timezone.localdate()
        self.fields["version"].initial = case.version


class InvolveForm(forms.Form):
    """Name the Veilig Thuis monitor, GI worker or Raad investigator of a case (empty: nobody)."""

    role = forms.ChoiceField(choices=CaseRole.choices, widget=forms.HiddenInput)
    user = UserChoiceField(queryset=User.objects.none(), required=False, empty_label=_("Nobody"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, role: CaseRole, org_role: str, current: User | None, **kwargs):
        super().__init__(*args, prefix=role.value, **kwargs)
        self.fields["user"].label = role.label
        self.fields["user"].queryset = User.objects.filter(
            groups__name=org_role, is_active=True
        ).select_related("organisation")
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.organisation or '-'})"
        )
        self.initial = {"role": role.value, "user": current, "version": case.version}
