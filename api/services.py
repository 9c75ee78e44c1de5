"""The api app's writes: API clients (only the functional administrator makes, renews and switches them
off), and a Melding taken in as a handover (melding_receive).

A client acts through a technical account of its organisation (``ApiClient.user``) with the role its scope
needs, so its calls go through the same services, permission checks and access log as a person's. Giving a
system that account is a way into case files: accounts' ``user_set_roles_and_teams`` logs that grant and
tells the privacy officers, as for a person. The token is shown once and never stored, only its SHA-256.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import user_set_roles_and_teams
from api.melding import receiving_municipality, referral_fields, referral_persons
from api.models import ApiClient, Delivery, Intake
from api.outcomes import RECEIVING_KINDS
from api.schemas import Melding
from api.tasks import delivery_send
from audit.models import AccessEvent
from audit.services import access_event_record
from core.queue import enqueue_on_commit
from referrals import services as referral_services

TOKEN_PREFIX = "zicht_"  # noqa: S105 (a marker, not a secret)
# Characters of the token kept to recognise it (e.g. in a system's configuration): "zicht_" and six more.
TOKEN_SHOWN_CHARS = 12

# Per scope: the roles of the technical account, and which kinds of organisation may have it. A client that
# receives outcomes needs no role: it reads only the outcomes its organisation is entitled to (api.outcomes).
SCOPE_ROLES = {ApiClient.Scope.INTAKE: [Role.VT_WORKER], ApiClient.Scope.OUTCOMES: []}
SCOPE_ORGANISATION_KINDS = {
    ApiClient.Scope.INTAKE: frozenset({Organisation.Kind.VEILIG_THUIS}),
    ApiClient.Scope.OUTCOMES: RECEIVING_KINDS,
}


def token_digest(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _token_new() -> tuple[str, str, str]:
    """A new token: (plaintext, the part kept to recognise it, its digest)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, token[:TOKEN_SHOWN_CHARS], token_digest(token)


def _admin_check(by: User) -> None:
    if not (by.is_active and by.has_role(Role.ADMIN)):
        raise PermissionDenied(_("Only the functional administrator manages API clients."))


def _username_for(organisation: Organisation) -> str:
    base = f"api-{slugify(organisation.name)[:100] or 'organisatie'}"
    n = 1
    while User.objects.filter(username__iexact=f"{base}-{n}").exists():
        n += 1
    return f"{base}-{n}"


def _log(*, by: User, client: ApiClient, action: str, reason: str, **detail) -> None:
    access_event_record(
        user=by,
        action=action,
        object_ref=f"user:{client.user_id}",
        reason=reason,
        detail={
            "api_client": client.pk,
            "name": client.name,
            "organisation": client.organisation_id,
            "scope": client.scope,
            "username": client.user.username,
            "token_prefix": client.token_prefix,
            "endpoint_url": client.endpoint_url,
            **detail,
        },
    )


def _endpoint_clean(scope: str, endpoint_url: str) -> str:
    """The endpoint a client of ``scope`` needs: an https address (http only where settings allow it)."""
    endpoint_url = (endpoint_url or "").strip()
    if scope != ApiClient.Scope.OUTCOMES:
        if endpoint_url:
            message = _("Only a client that receives outcomes has an endpoint.")
            raise ValidationError({"endpoint_url": message})
        return ""
    if not endpoint_url:
        raise ValidationError({"endpoint_url": _("Give the address where its system takes CloudEvents.")})
    https_only = settings.API_DELIVERY_HTTPS_ONLY
    try:
        URLValidator(schemes=["https"] if https_only else ["http", "https"])(endpoint_url)
    except ValidationError as error:
        message = _("Give a full https address.") if https_only else _("Give a full http(s) address.")
        raise ValidationError({"endpoint_url": message}) from error
    return endpoint_url


def api_client_check(*, organisation: Organisation, scope: str, endpoint_url: str | None) -> tuple[str, str]:
    """Whether ``organisation`` may have a client of ``scope`` with this endpoint: the two, cleaned."""
    if scope not in ApiClient.Scope.values:
        raise ValidationError({"scope": _("Choose what the client may do.")})
    scope = ApiClient.Scope(scope)
    if organisation.kind not in SCOPE_ORGANISATION_KINDS[scope]:
        kinds = sorted(str(Organisation.Kind(kind).label) for kind in SCOPE_ORGANISATION_KINDS[scope])
        raise ValidationError(
            {
                "organisation": _("A client that may “%(scope)s” is only for: %(kinds)s.")
                % {"scope": scope.label, "kinds": ", ".join(kinds)}
            }
        )
    endpoint_url = _endpoint_clean(scope, endpoint_url)
    return scope, endpoint_url


@transaction.atomic
def api_client_create(
    *,
    by: User,
    organisation: Organisation,
    name: str,
    scope: str = ApiClient.Scope.INTAKE,
    endpoint_url: str = "",
) -> tuple[ApiClient, str]:
    """Make a client for ``organisation`` and its technical account; returns the client and its token.

    The token is returned this once: only its digest and first characters are kept. The account has no
    password and no e-mail address, so nobody logs in with it in the browser or sets a password for it.
    """
    _admin_check(by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the client a name: which system it is.")})
    scope, endpoint_url = api_client_check(organisation=organisation, scope=scope, endpoint_url=endpoint_url)
    user = User(
        username=_username_for(organisation),
        first_name=name[:150],
        organisation=organisation,
        email="",
    )
    user.set_unusable_password()
    user.save()
    token, shown, digest = _token_new()
    client = ApiClient.objects.create(
        organisation=organisation,
        name=name,
        user=user,
        scope=scope,
        token_prefix=shown,
        token_hash=digest,
        created_by=by,
        endpoint_url=endpoint_url,
    )
    # A grant of case access by ``by``: accounts logs it and tells the privacy officers.
    user_set_roles_and_teams(user=user, roles=SCOPE_ROLES[scope], teams=[], by=by)
    _log(
        by=by,
        client=client,
        action=AccessEvent.Action.CREATE,
        reason=_("API client created: a system may act for %(organisation)s.")
        % {"organisation": organisation.name},
    )
    return client, token


@transaction.atomic
def api_client_rotate(*, by: User, client: ApiClient) -> str:
    """Give the client a new token (returned this once); the old one stops working at once."""
    _admin_check(by)
    client = ApiClient.objects.select_for_update().select_related("user").get(pk=client.pk)
    if not client.is_active:
        raise ValidationError(
            _("%(client)s is switched off; make a new client instead.") % {"client": client.name}
        )
    token, shown, digest = _token_new()
    old_prefix = client.token_prefix
    client.token_prefix, client.token_hash = shown, digest
    client.save(update_fields=["token_prefix", "token_hash"])
    _log(
        by=by,
        client=client,
        action=AccessEvent.Action.UPDATE,
        reason=_("API client's token replaced; the old token no longer works."),
        old_token_prefix=old_prefix,
    )
    return token


@transaction.atomic
def api_client_deactivate(*, by: User, client: ApiClient) -> ApiClient:
    """Switch the client and its technical account off: its token stops working at once."""
    _admin_check(by)
    client = ApiClient.objects.select_for_update().select_related("user").get(pk=client.pk)
    if not client.is_active and not client.user.is_active:
        return client
    client.is_active = False
    client.save(update_fields=["is_active"])
    client.user.is_active = False
    client.user.save(update_fields=["is_active"])
    _log(
        by=by,
        client=client,
        action=AccessEvent.Action.UPDATE,
        reason=_("API client switched off."),
    )
    return client


@transaction.atomic
def api_client_endpoint_set(*, by: User, client: ApiClient, endpoint_url: str) -> ApiClient:
    """Point a receiving client at another endpoint (its system moved); waiting deliveries go there."""
    _admin_check(by)
    client = ApiClient.objects.select_for_update().select_related("user").get(pk=client.pk)
    endpoint_url = _endpoint_clean(client.scope, endpoint_url)
    if endpoint_url == client.endpoint_url:
        return client
    old = client.endpoint_url
    client.endpoint_url = endpoint_url
    client.save(update_fields=["endpoint_url"])
    # What waits for a retry goes to the new address now, not after its backoff (the pick-up sends it).
    client.deliveries.filter(state=Delivery.State.PENDING).update(next_attempt_at=timezone.now())
    _log(
        by=by,
        client=client,
        action=AccessEvent.Action.UPDATE,
        reason=_("API client's event endpoint changed."),
        old_endpoint_url=old,
    )
    return client


@transaction.atomic
def delivery_resend(*, by: User, delivery: Delivery) -> Delivery:
    """Send a failed (or waiting) delivery again now, with the same event id; logged. It is retried as a new
    one is: until the give-up time, counted from now."""
    _admin_check(by)
    locked = Delivery.objects.select_for_update().select_related("client__user").get(pk=delivery.pk)
    if locked.state not in (Delivery.State.FAILED, Delivery.State.PENDING):
        raise ValidationError(_("Only a delivery that failed or waits can be sent again."))
    if not locked.client.is_active:
        raise ValidationError(
            _("%(client)s is switched off; make a new client instead.") % {"client": locked.client.name}
        )
    locked.state = Delivery.State.PENDING
    locked.next_attempt_at = locked.retry_from = timezone.now()
    locked.save(update_fields=["state", "next_attempt_at", "retry_from"])
    _log(
        by=by,
        client=locked.client,
        action=AccessEvent.Action.UPDATE,
        reason=_("Event sent again by hand."),
        delivery=locked.pk,
    )
    enqueue_on_commit(delivery_send, locked.pk)
    return locked


@transaction.atomic
def melding_receive(*, client: ApiClient, melding: Melding, document_hash: str) -> Intake:
    """Take a Melding in as a sent handover, with its Intake row: all of it, or nothing.

    A second Melding with the same registratienummer of the same organisation fails on the Intake's unique
    constraint (IntegrityError), which rolls this back; the caller then finds the first one.
    """
    if client.scope != ApiClient.Scope.INTAKE:
        raise PermissionDenied
    municipality = receiving_municipality(melding.adres.gemeentecode)
    referral = referral_services.referral_save_draft(
        by=client.user,
        form_token=uuid.uuid4(),
        fields=referral_fields(melding, municipality),
        persons=referral_persons(melding),
        conditions=melding.veiligheidsvoorwaarden,
        monitoring_months=melding.monitoringMaanden,
    )
    referral = referral_services.referral_send(referral=referral, by=client.user)
    return Intake.objects.create(
        client=client,
        organisation=client.organisation,
        sender_id=melding.registratienummer,
        document_hash=document_hash,
        referral=referral,
    )
