from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, RuleSetting, Team, User
from accounts.roles import Role
from accounts.services import team_save, user_set_roles_and_teams

# Roles and team membership are edited on the user; raw groups would only confuse.
admin.site.unregister(Group)


class RolesAndTeamsMixin(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.select_related("organisation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = [role.value for role in self.instance.roles]
            self.fields["teams"].initial = list(self.instance.teams)


class ZichtUserChangeForm(RolesAndTeamsMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class ZichtUserCreationForm(RolesAndTeamsMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", "organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = ZichtUserChangeForm
    add_form = ZichtUserCreationForm
    list_display = ("username", "first_name", "last_name", "organisation", "is_active", "last_login")
    list_filter = ("organisation", "is_active")
    list_select_related = ("organisation",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "email")}),
        (_("Organisation and roles"), {"fields": ("organisation", "roles", "teams")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "usable_password", "password1", "password2")}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "email")}),
        (_("Organisation and roles"), {"fields": ("organisation", "roles", "teams")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # A functional admin cannot touch superuser accounts (and so cannot take them over).
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_set_roles_and_teams(
            user=form.instance, roles=form.cleaned_data["roles"], teams=form.cleaned_data["teams"]
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "member_count")
    list_filter = ("organisation",)
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("group__user"))

    @admin.display(description=_("Members"), ordering="_member_count")
    def member_count(self, team: Team) -> int:
        return team._member_count

    def save_model(self, request, obj, form, change):
        team_save(team=obj)


class RuleSettingForm(forms.ModelForm):
    rule = forms.ChoiceField(label=_("Rule"))

    class Meta:
        model = RuleSetting
        fields = ("rule", "organisation", "threshold", "enabled")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.rules import RULES

        self.fields["rule"].choices = [
            (rule.id, f"{rule.id} {rule.title} ({_('default')}: {rule.threshold} {rule.unit})")
            for rule in sorted(RULES.values(), key=lambda rule: rule.id)
        ]


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    """Thresholds per organisation for the stalled-case rules (the defaults and sources are in the code)."""

    form = RuleSettingForm
    list_display = ("rule", "organisation", "threshold", "enabled")
    list_filter = ("rule", "organisation")
