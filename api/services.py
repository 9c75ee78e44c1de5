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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import user_set_roles_and_teams
from api.melding import receiving_municipality, referral_fields, referral_persons
from api.models import ApiClient, Intake
from api.schemas import Melding
from audit.models import AccessEvent
from audit.services import access_event_record
from referrals import services as referral_services

TOKEN_PREFIX = "zicht_"  # noqa: S105 (a marker, not a secret)
# Characters of the token kept to recognise it (e.g. in a system's configuration): "zicht_" and six more.
TOKEN_SHOWN_CHARS = 12

# Per scope: the role of the technical account, and which kinds of organisation may have it.
SCOPE_ROLE = {ApiClient.Scope.INTAKE: Role.VT_WORKER}
SCOPE_ORGANISATION_KINDS = {ApiClient.Scope.INTAKE: frozenset({Organisation.Kind.VEILIG_THUIS})}


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
            **detail,
        },
    )


@transaction.atomic
def api_client_create(
    *, by: User, organisation: Organisation, name: str, scope: str = ApiClient.Scope.INTAKE
) -> tuple[ApiClient, str]:
    """Make a client for ``organisation`` and its technical account; returns the client and its token.

    The token is returned this once: only its digest and first characters are kept. The account has no
    password and no e-mail address, so nobody logs in with it in the browser or sets a password for it.
    """
    _admin_check(by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the client a name: which system it is.")})
    if scope not in ApiClient.Scope.values:
        raise ValidationError({"scope": _("Choose what the client may do.")})
    scope = ApiClient.Scope(scope)
    if organisation.kind not in SCOPE_ORGANISATION_KINDS[scope]:
        raise ValidationError(
            {
                "organisation": _("Only a Veilig Thuis organisation can have a client that may: %(scope)s.")
                % {"scope": scope.label}
            }
        )
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
    )
    # A grant of case access by ``by``: accounts logs it and tells the privacy officers.
    user_set_roles_and_teams(user=user, roles=[SCOPE_ROLE[scope]], teams=[], by=by)
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
