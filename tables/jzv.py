"""The outcome as the chain reads it: the draft JZV "Uitkomst Overleg" document and its CloudEvent.

Field names follow samen-onder-handbereik/specificaties: yaml/UitwisselenUitkomstOverleg.yaml (the resource
UitkomstOverleg: identifier, beschikbaarGesteldOp, inzageUrl; the event
nl.jzv.uitwisselen-uitkomst-overleg.uitkomst-beschikbaar-gesteld with a PROV JSON-LD payload) and
yaml/UitkomstOverleg.yaml (Casusoverleg: datum, startTijd, eindTijd, notulen, betreft → Zaak with heeftBesluit
and heeftActie). Deviations, kept small: times are "HH:MM" strings (the draft's Time object has no fields of
its own), and an Actie names no Betrokkene with BSN — the table's agreements concern the family, whose file
the reader opens through the case.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tables.models import Outcome
from tables.selectors import item_start

EVENT_TYPE = "nl.jzv.uitwisselen-uitkomst-overleg.uitkomst-beschikbaar-gesteld"
READ_EVENT_TYPE = "nl.jzv.uitwisselen-uitkomst-overleg.uitkomst-ingezien"
CONTEXT = {
    "prov": "http://www.w3.org/ns/prov#",
    "soh": "https://samen-onder-handbereik.github.io/specificaties/schema/",
}


def _iso(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def inzage_url(outcome: Outcome) -> str:
    """Where a receiving organisation's system reads the outcome with its token (the api app's route)."""
    return settings.SITE_URL + reverse("api:uitkomst", kwargs={"identifier": outcome.identifier})


def _source(outcome: Outcome) -> str:
    return f"{settings.SITE_URL}/beschermtafel/tafel/{outcome.item.meeting.table_id}"


def outcome_document(outcome: Outcome) -> dict:
    """The UitkomstOverleg resource the inzage URL answers with."""
    meeting, item = outcome.item.meeting, outcome.item
    starts = item_start(item)
    meeting_id = f"urn:zicht:beschermtafel:vergadering:{meeting.pk}"
    actions = [
        {
            "id": f"urn:zicht:beschermtafel:afspraak:{agreement.pk}",
            "omschrijving": agreement.what,
            "conditie": agreement.when,
            "idCasusoverleg": meeting_id,
            "belegdBij": {"naam": agreement.who},
        }
        for agreement in outcome.agreements.all()
    ]
    return {
        "identifier": str(outcome.identifier),
        "beschikbaarGesteldOp": _iso(outcome.recorded_at),
        "inzageUrl": inzage_url(outcome),
        "casusoverleg": {
            "id": meeting_id,
            "naam": meeting.table.name,
            "datum": meeting.date.isoformat(),
            "startTijd": starts.strftime("%H:%M"),
            "eindTijd": (
                dt.datetime.combine(meeting.date, starts) + dt.timedelta(minutes=item.duration_minutes)
            ).strftime("%H:%M"),
            "notulen": item.minutes,
            "betreft": {
                "id": outcome.case.number,
                "startDatum": outcome.case.opened_on.isoformat(),
                "heeftBesluit": [
                    {
                        "id": f"urn:uuid:{outcome.identifier}",
                        "omschrijving": outcome.decision,
                        "idCasusoverleg": meeting_id,
                        "soort": outcome.kind,
                        "soortOmschrijving": str(outcome.get_kind_display()),
                    }
                ],
                "heeftActie": actions,
            },
        },
        "terugmeldingOp": outcome.report_back_on.isoformat() if outcome.report_back_on else None,
        "raadsonderzoeker": outcome.investigator.get_full_name() if outcome.investigator_id else None,
        "directbetrokkenenGeinformeerd": outcome.parents_informed,
        "toelichtingInformeren": outcome.parents_informed_note,
    }


def outcome_cloudevent(outcome: Outcome) -> dict:
    """The CloudEvents 1.0 record that makes the outcome available (sent by the api app's outbox)."""
    table = outcome.item.meeting.table
    source = _source(outcome)
    entity = f"urn:uuid:{outcome.identifier}"
    activity = f"urn:uuid:{outcome.event_id}"
    return {
        "specversion": "1.0",
        "id": str(outcome.event_id),
        "source": source,
        "type": EVENT_TYPE,
        "time": _iso(outcome.recorded_at),
        "datacontenttype": "application/ld+json",
        "subject": str(outcome.identifier),
        "data": {
            "@context": CONTEXT,
            "@graph": [
                {
                    "@id": entity,
                    "@type": ["prov:Entity", "soh:UitkomstOverleg"],
                    "soh:beschikbaarGesteldOp": _iso(outcome.recorded_at),
                    "soh:inzageUrl": inzage_url(outcome),
                    "prov:wasGeneratedBy": {"@id": activity},
                },
                {
                    "@id": activity,
                    "@type": ["prov:Activity", "soh:BeschikbaarStellenUitkomstOverleg"],
                    "prov:wasAssociatedWith": {"@id": source},
                },
                {"@id": source, "@type": ["prov:Agent"], "soh:naam": table.name},
            ],
        },
    }


def outcome_read_cloudevent(outcome: Outcome, *, event_id, reader, at) -> dict:
    """The CloudEvent that says organisation ``reader`` read the outcome at ``at`` (``uitkomst-ingezien``)."""
    agent = f"urn:zicht:organisatie:{reader.pk}"
    activity = f"urn:uuid:{event_id}"
    return {
        "specversion": "1.0",
        "id": str(event_id),
        "source": _source(outcome),
        "type": READ_EVENT_TYPE,
        "time": _iso(at),
        "datacontenttype": "application/ld+json",
        "subject": str(outcome.identifier),
        "data": {
            "@context": CONTEXT,
            "@graph": [
                {
                    "@id": activity,
                    "@type": ["prov:Activity", "soh:InzienUitkomstOverleg"],
                    "prov:used": {"@id": f"urn:uuid:{outcome.identifier}"},
                    "prov:wasAssociatedWith": {"@id": agent},
                    "prov:startedAtTime": _iso(at),
                },
                {"@id": agent, "@type": ["prov:Agent"], "soh:naam": reader.name},
            ],
        },
    }
