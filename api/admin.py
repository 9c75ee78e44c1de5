"""API clients in /beheer/: the functional administrator makes them, renews their token, points a receiving
client at its endpoint and switches clients off; and the outbox of outcome events, to send one again.

Every write goes through api.services. The token is shown once, in a message right after it is made; its
digest is never shown. No client is deleted: its calls stay in the access log under its technical account.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from accounts.roles import Role, roles_of
from api.models import ApiClient, Delivery
from api.services import (
    SCOPE_ORGANISATION_KINDS,
    api_client_check,
    api_client_create,
    api_client_deactivate,
    api_client_endpoint_set,
    api_client_rotate,
    delivery_resend,
)

_KEEP_IT = _("Keep this token now; it will not be shown again.")


def _endpoint_field() -> forms.URLField:
    field = ApiClient._meta.get_field("endpoint_url")
    return forms.URLField(
        label=field.verbose_name.capitalize(),
        help_text=field.help_text,
        required=False,
        max_length=field.max_length,
        assume_scheme="https",
    )


class ApiClientAddForm(forms.ModelForm):
    endpoint_url = _endpoint_field()

    class Meta:
        model = ApiClient
        fields = ("organisation", "name", "scope", "endpoint_url")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = set().union(*SCOPE_ORGANISATION_KINDS.values())
        self.fields["organisation"].queryset = Organisation.objects.filter(kind__in=kinds)
        self.fields["organisation"].help_text = _(
            "Veilig Thuis sends handovers; Veilig Thuis, the Raad and a GI receive table outcomes."
        )

    def clean(self):
        data = super().clean()
        if data.get("organisation") and data.get("scope"):
            try:
                api_client_check(
                    organisation=data["organisation"],
                    scope=data["scope"],
                    endpoint_url=data.get("endpoint_url"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


class ApiClientEndpointForm(forms.ModelForm):
    endpoint_url = _endpoint_field()

    class Meta:
        model = ApiClient
        fields = ("endpoint_url",)

    def clean(self):
        data = super().clean()
        client = self.instance
        try:
            api_client_check(
                organisation=client.organisation, scope=client.scope, endpoint_url=data.get("endpoint_url")
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data


def _functional_admin(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and Role.ADMIN in roles_of(user))


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "may_do", "is_active", "token_prefix", "last_used_at")
    list_filter = ("is_active", "organisation")
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name", "token_prefix")
    actions = ["rotate_token", "deactivate"]
    # The change page only shows: a client is renewed or switched off with the actions on the list.
    readonly_fields = (
        "organisation",
        "name",
        "may_do",
        "endpoint_url",
        "is_active",
        "token_prefix",
        "technical_account",
        "created_at",
        "made_by",
        "last_used_at",
    )

    # Only the functional administrator (the role, not a model permission): who gives a system a way in.
    def has_module_permission(self, request):
        return _functional_admin(request)

    def has_view_permission(self, request, obj=None):
        return _functional_admin(request)

    def has_add_permission(self, request):
        return _functional_admin(request)

    def has_change_permission(self, request, obj=None):
        return _functional_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def _endpoint_editable(self, obj) -> bool:
        return obj is not None and obj.is_active and obj.scope == ApiClient.Scope.OUTCOMES

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiClientAddForm
            kwargs["fields"] = ApiClientAddForm.Meta.fields
        elif self._endpoint_editable(obj):
            kwargs["form"] = ApiClientEndpointForm
            kwargs["fields"] = ApiClientEndpointForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ApiClientAddForm.Meta.fields if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if self._endpoint_editable(obj):
            return tuple(field for field in self.readonly_fields if field != "endpoint_url")
        return self.readonly_fields

    @admin.display(description=_("what it may do"), ordering="scope")
    def may_do(self, client: ApiClient) -> str:
        return client.get_scope_display()

    @admin.display(description=_("technical account"))
    def technical_account(self, client: ApiClient) -> str:
        return client.user.username

    @admin.display(description=_("created by"))
    def made_by(self, client: ApiClient) -> str:
        return client.created_by.username if client.created_by else "-"

    def save_model(self, request, obj, form, change):
        if change:
            if self._endpoint_editable(ApiClient.objects.get(pk=obj.pk)):  # only the endpoint can be changed
                api_client_endpoint_set(
                    by=request.user, client=obj, endpoint_url=form.cleaned_data["endpoint_url"]
                )
            return
        try:
            client, token = api_client_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                endpoint_url=form.cleaned_data["endpoint_url"],
            )
        except ValidationError as error:  # the form checked the organisation; a race lands here
            raise PermissionDenied(" ".join(error.messages)) from error
        for field in ApiClient._meta.concrete_fields:
            setattr(obj, field.attname, getattr(client, field.attname))
        obj._state.adding = False
        obj._state.db = client._state.db
        request._api_client_token = token

    def save_related(self, request, form, formsets, change):
        pass  # no relations to save; the service made everything

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(request, "_api_client_token", None)
        if token:
            self.message_user(
                request,
                _("Token for %(client)s: %(token)s. %(keep)s")
                % {"client": obj.name, "token": token, "keep": _KEEP_IT},
                messages.WARNING,
            )
        # Straight back to the list: the "add another" and "continue" buttons would only confuse.
        return self.response_post_save_add(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update({"show_save_and_add_another": False, "show_save_and_continue": False})
        if change and not self._endpoint_editable(obj):
            context.update({"show_save": False})
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(
        description=_("Give a new token (the old one stops working at once)"), permissions=["change"]
    )
    def rotate_token(self, request, queryset):
        for client in queryset.select_related("organisation"):
            try:
                token = api_client_rotate(by=request.user, client=client)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("New token for %(client)s: %(token)s. %(keep)s")
                    % {"client": client.name, "token": token, "keep": _KEEP_IT},
                    messages.WARNING,
                )

    @admin.action(description=_("Switch off (its token stops working at once)"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        for client in queryset:
            api_client_deactivate(by=request.user, client=client)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d API client switched off.",
                "%(count)d API clients switched off.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox, read only: what went to whom, how often it was tried, and why it failed."""

    list_display = (
        "event_type",
        "client",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
    )
    list_filter = ("state", "client__organisation")
    list_select_related = ("event", "client__organisation")
    search_fields = ("event__event_id", "client__name", "interaction_id")
    ordering = ("-event__created_at", "pk")
    actions = ["send_again"]
    readonly_fields = (
        "event_id",
        "event_type",
        "client",
        "state",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "last_error",
        "delivered_at",
        "interaction_id",
    )
    fields = readonly_fields

    def has_module_permission(self, request):
        return _functional_admin(request)

    def has_view_permission(self, request, obj=None):
        return _functional_admin(request)

    def has_change_permission(self, request, obj=None):
        return _functional_admin(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("event"), ordering="event__type")
    def event_type(self, delivery: Delivery) -> str:
        return delivery.event.get_type_display()

    @admin.display(description=_("event id"))
    def event_id(self, delivery: Delivery) -> str:
        return str(delivery.event.event_id)

    @admin.action(description=_("Send again now (same event id)"), permissions=["change"])
    def send_again(self, request, queryset):
        count = 0
        for delivery in queryset:
            try:
                delivery_resend(by=request.user, delivery=delivery)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(
                request,
                ngettext("%(count)d event is sent again.", "%(count)d events are sent again.", count)
                % {"count": count},
                messages.SUCCESS,
            )
