"""A Melding as Zicht's handover: what the document's fields become in the browser form's terms.

The receiving team is the one the form would choose (the municipality's handover team); the texts the team
reads are put together from the Melding's parts. Pure functions, apart from looking up the municipality.
"""

import hashlib
import json

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality
from api.errors import DocumentError
from api.schemas import QUESTIONS, RELATIONS, URGENCIES, Melding


def document_hash(raw: bytes) -> str:
    """SHA-256 of the document as received, as canonical JSON (key order and spacing do not count)."""
    canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _date(value) -> str:
    """A moment of the Melding as a date the team reads (its own local date when a zone was given)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d-%m-%Y")


def _since(melding: Melding) -> str:
    incident = melding.incident
    period = incident.periodeVanTot
    if period is not None:
        if period.datumTijdEinde is not None:
            return _("%(start)s to %(end)s") % {
                "start": _date(period.datumTijdBegin),
                "end": _date(period.datumTijdEinde),
            }
        return _date(period.datumTijdBegin)
    return _date(incident.datumTijd) if incident.datumTijd is not None else ""


def _what_happened(melding: Melding) -> str:
    """The Melding's story in one text, as the team reads it under "What happened"."""
    incident = melding.incident
    parts = [incident.omschrijving]
    if incident.locatie:
        parts.append(_("Location: %(text)s") % {"text": incident.locatie})
    situation = melding.zorgelijkeSituatie
    if situation is not None:
        if situation.situatieSchets:
            parts.append(_("Background: %(text)s") % {"text": situation.situatieSchets})
        if situation.nadereOmschrijving:
            parts.append(_("Further description: %(text)s") % {"text": situation.nadereOmschrijving})
        parts.extend(f"{QUESTIONS[answer.vraag]} {answer.antwoord}" for answer in situation.vraagAntwoord)
    if melding.verzoek:
        parts.append(_("Request to the team: %(text)s") % {"text": melding.verzoek})
    if melding.contact is not None:
        contact = melding.contact
        reach = ", ".join(filter(None, [contact.naam, contact.telefoonnummer, contact.emailAdres]))
        parts.append(_("Contact at Veilig Thuis: %(contact)s") % {"contact": reach})
    return "\n\n".join(parts)


def receiving_municipality(code: str) -> Municipality:
    municipality = Municipality.objects.select_related("handover_team").filter(code=code).first()
    if municipality is None:
        raise DocumentError(
            [("$.adres.gemeentecode", _("Zicht knows no municipality with code %(code)s.") % {"code": code})]
        )
    if municipality.handover_team is None:
        raise DocumentError(
            [
                (
                    "$.adres.gemeentecode",
                    _(
                        "%(municipality)s has not named a team for handovers, so Zicht cannot tell which "
                        "team receives this one. Ask the municipality to name one."
                    )
                    % {"municipality": municipality.name},
                )
            ]
        )
    return municipality


def referral_fields(melding: Melding, municipality: Municipality) -> dict:
    """The handover's fields as the browser form hands them to the service (referrals.views)."""
    address = melding.adres
    house_number = f"{address.huisnummer}{address.huisletter}"
    if address.huisnummertoevoeging:
        house_number += f"-{address.huisnummertoevoeging}"
    return {
        "reference": melding.registratienummer,
        "urgency": URGENCIES[melding.urgentie],
        "outcome_code": melding.uitkomst,
        "what_happened": _what_happened(melding),
        "since": _since(melding),
        "reporter": melding.melder,
        "street": address.straatnaam,
        "house_number": house_number,
        "postcode": address.postcode,
        "city": address.woonplaats,
        "municipality": municipality,
        # The team the municipality names, as the form chooses when Veilig Thuis names none.
        "receiving_team": municipality.handover_team,
    }


def referral_persons(melding: Melding) -> list[dict]:
    return [
        {
            "given_name": person.naam.voornamen,
            "surname_prefix": person.naam.voorvoegselGeslachtsnaam,
            "surname": person.naam.geslachtsnaam,
            "birth_date": person.geboorte.datum,
            "bsn": person.burgerservicenummer,
            "relation": RELATIONS[person.relatie],
        }
        for person in melding.natuurlijkPersonen
    ]
