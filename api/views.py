"""The chain's routes for Meldingen: Veilig Thuis's system posts a handover, and reads how far it got.

A posted Melding lands exactly like a handover typed in the browser (api.services.melding_receive). The
sender's registratienummer makes a repeated post harmless: the same document finds the same handover.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from api.auth import ClientToken
from api.errors import DocumentError, body, service_errors
from api.melding import document_hash
from api.models import ApiClient, Intake
from api.schemas import REGISTRATIENUMMER, Fouten, Melding, MeldingStatus
from api.services import melding_receive
from audit.services import access_viewed
from referrals.models import Referral

router = Router(tags=["Meldingen"], auth=ClientToken(scope=ApiClient.Scope.INTAKE))

ERRORS = {400: Fouten, 401: Fouten, 403: Fouten, 429: Fouten}
# Where a service's field error points in the document.
SERVICE_FIELDS = {"municipality": "$.adres.gemeentecode", "receiving_team": "$.adres.gemeentecode"}


def _intake_of(client: ApiClient, registratienummer: str) -> Intake | None:
    return (
        Intake.objects.select_related("referral__receiving_team")
        .filter(organisation=client.organisation_id, sender_id=registratienummer)
        .first()
    )


def _status(referral: Referral) -> dict:
    return {
        "id": referral.pk,
        "registratienummer": referral.intake.sender_id,
        "url": settings.SITE_URL + reverse("referrals:detail", args=[referral.pk]),
        "status": {"code": referral.state, "omschrijving": referral.get_state_display()},
        "ontvangendTeam": referral.receiving_team.name,
    }


def _read(request, intake: Intake) -> dict:
    """Show a handover to its sender: a read, in the access log like the page in the browser."""
    referral = intake.referral
    access_viewed(user=request.auth.user, case=referral.case, object_ref=f"referral:{referral.pk}")
    return _status(referral)


def _repeated(request, intake: Intake, digest: str):
    if intake.document_hash != digest:
        message = _(
            "A Melding with registratienummer %(number)s was received before, with other content. A "
            "Melding cannot be changed through the API: send it under a new registratienummer, or contact "
            "the receiving team."
        ) % {"number": intake.sender_id}
        return Status(409, body([("$.registratienummer", message)]))
    return Status(200, _read(request, intake))


@router.post(
    "",
    response={201: MeldingStatus, 200: MeldingStatus, 409: Fouten, **ERRORS},
    url_name="meldingen",
    summary="Een Melding (overdracht) versturen",
    description=(
        "Neemt de Melding op als verstuurde overdracht in het postvak van het ontvangende team, precies "
        "zoals een overdracht die in Zicht zelf is getypt. 201: nieuw ontvangen (Location wijst naar de "
        "stand). 200: dit registratienummer met dezelfde inhoud was al ontvangen; dezelfde overdracht. "
        "409: dit registratienummer was al ontvangen met een andere inhoud. 400: fouten in het document, "
        "elk met zijn JSON-pad."
    ),
    openapi_extra={
        "responses": {
            "201": {
                "headers": {
                    "Location": {
                        "description": "Waar de stand van de overdracht te lezen is (GET).",
                        "schema": {"type": "string", "format": "uri"},
                    }
                }
            }
        }
    },
)
def melding_post(request, melding: Melding, response: HttpResponse):
    client = request.auth
    digest = document_hash(request.body)
    intake = _intake_of(client, melding.registratienummer)
    if intake is not None:
        return _repeated(request, intake, digest)
    try:
        intake = melding_receive(client=client, melding=melding, document_hash=digest)
    except IntegrityError:
        # Sent twice at once: the other post was first. Answer as for a repeat.
        intake = _intake_of(client, melding.registratienummer)
        if intake is None:
            raise
        return _repeated(request, intake, digest)
    except ValidationError as error:  # the service's refusal (no child named), at its path or at $
        raise DocumentError(service_errors(error, SERVICE_FIELDS)) from error
    response["Location"] = settings.SITE_URL + reverse(
        "api:melding", kwargs={"registratienummer": intake.sender_id}
    )
    return Status(201, _status(intake.referral))


@router.get(
    "/{registratienummer}",
    response={200: MeldingStatus, 404: Fouten, **ERRORS},
    url_name="melding",
    summary="De stand van een verstuurde Melding",
    description=(
        "De overdracht die uit de Melding met dit registratienummer ontstond, en hoe ver zij is. Alleen "
        "voor de organisatie die haar verstuurde: voor ieder ander, en voor een onbekend nummer, 404."
    ),
)
def melding_get(request, registratienummer: str):
    known_form = re.fullmatch(REGISTRATIENUMMER, registratienummer) is not None
    intake = _intake_of(request.auth, registratienummer) if known_form else None
    if intake is None:
        message = _("Zicht knows no Melding with this registratienummer from your organisation.")
        return Status(404, body([("$", message)]))
    return Status(200, _read(request, intake))
