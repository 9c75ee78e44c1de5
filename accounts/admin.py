from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Municipality, Organisation, Team, User
from accounts.roles import Role
from accounts.services import (
    login_lockouts_lift,
    roles_conflict_check,
    set_password_link_send,
    team_save,
    user_admin_save,
)

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
    # Who is editing (set by UserAdmin.get_form): nobody changes their own roles or teams.
    editor: User | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = [role.value for role in self.instance.roles]
            self.fields["teams"].initial = list(self.instance.teams)
        if self._editing_self():
            for name in ("roles", "teams"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "You cannot change your own roles or teams. Ask another administrator."
                )

    def _editing_self(self) -> bool:
        return bool(self.editor is not None and self.instance.pk and self.editor.pk == self.instance.pk)

    def clean(self):
        data = super().clean()
        if self._editing_self():
            # A disabled field ignores what is posted; a crafted POST that tries is refused out loud.
            posted_roles = set(self.data.getlist("roles")) if "roles" in self.data else None
            posted_teams = set(self.data.getlist("teams")) if "teams" in self.data else None
            if (posted_roles is not None and posted_roles != set(self.fields["roles"].initial)) or (
                posted_teams is not None
                and posted_teams != {str(team.pk) for team in self.fields["teams"].initial}
            ):
                raise ValidationError(
                    _("You cannot change your own roles or teams. Ask another administrator.")
                )
        try:
            roles_conflict_check(data.get("roles") or [])
        except ValidationError as error:
            self.add_error(None if self._editing_self() else "roles", error.message_dict["roles"])
        return data


class ZichtUserChangeForm(RolesAndTeamsMixin, UserChangeForm):
    # The functional admin never sees or sets a password (not even its hash).
    password = None

    class Meta(UserChangeForm.Meta):
        model = User


class ZichtUserCreationForm(RolesAndTeamsMixin, forms.ModelForm):
    """A new user without a password: Zicht e-mails them a link to set their own."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "phone", "organisation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The new user gets a link at this address to set their password.")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("A user with that username already exists."))
        return username

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


def _shown(form, name: str) -> str:
    """The value a field had before the change, as a person reads it (a team's name, not its id)."""
    value = form.initial.get(name)
    field = form.fields.get(name)
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, list | tuple) and value:
        value = field.queryset.filter(pk=getattr(value, "pk", value)).first()
    return "" if value is None else str(value)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = ZichtUserChangeForm
    add_form = ZichtUserCreationForm
    add_form_template = "admin/accounts/user/add_form.html"
    list_display = ("username", "first_name", "last_name", "organisation", "is_active", "last_login")
    list_filter = ("organisation", "is_active")
    list_select_related = ("organisation",)
    actions = ["send_set_password_link"]
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Organisation and roles"), {"fields": ("organisation", "roles", "teams")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Organisation and roles"), {"fields": ("organisation", "roles", "teams")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_urls(self):
        # No page sets a password: the user does that from an e-mailed link (accounts:set-password).
        def no_password_page(request, id):
            raise Http404

        urls = [url for url in super().get_urls() if getattr(url, "name", "") != "auth_user_password_change"]
        return [path("<id>/password/", self.admin_site.admin_view(no_password_page)), *urls]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # A functional admin cannot touch superuser accounts (and so cannot take them over).
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            user_admin_save(
                by=request.user,
                user=form.instance,
                created=not change,
                roles=form.cleaned_data["roles"],
                teams=form.cleaned_data["teams"],
                changed_fields=form.changed_data,
                old_values={name: _shown(form, name) for name in form.changed_data},
            )
        except ValidationError as error:  # the form checked this already; a race lands here
            raise PermissionDenied(" ".join(error.messages)) from error

    def response_add(self, request, obj, post_url_continue=None):
        if obj.email:
            self.message_user(
                request,
                _("%(user)s gets an e-mail with a link to set their password.") % {"user": obj.username},
                messages.INFO,
            )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Send a link to set the password"), permissions=["change"])
    def send_set_password_link(self, request, queryset):
        sent = 0
        for user in queryset:
            try:
                set_password_link_send(by=request.user, user=user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A link to set the password was sent to %(count)d user.",
                    "A link to set the password was sent to %(count)d users.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )


# Login lockouts (django-axes): the functional admin sees them and lifts them (the lockout page says so).
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    actions = ["lift_lockout"]

    @admin.action(description=_("Lift the lockout"), permissions=["delete"])
    def lift_lockout(self, request, queryset):
        count = login_lockouts_lift(attempts=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d lockout lifted: the user can log in again.",
                "%(count)d lockouts lifted: the users can log in again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "handover_team")
    list_select_related = ("handover_team__organisation",)
    search_fields = ("name", "code")
    fields = ("name", "code", "handover_team")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handover_team":
            kwargs["queryset"] = Team.objects.filter(
                organisation__kind=Organisation.Kind.LOCAL_TEAM
            ).select_related("organisation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
