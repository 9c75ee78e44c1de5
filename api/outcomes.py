"""Table outcomes for the chain (issue 18, ADR 13): who is entitled to one, sharing it, and reading it.

When a chair records an outcome, tables says so (``cases.hooks.emit("table_outcome_recorded")``) inside the
recording's transaction, and ``outcome_share`` writes, in that same transaction, who is entitled to the
outcome, the ``uitkomst-beschikbaar-gesteld`` CloudEvent and one outbox row (Delivery) per receiving client.
Either the outcome and all of that commit, or none of it: an outcome is never recorded without its events,
and no event goes out for an outcome that was rolled back. Celery sends the rows after commit (api.delivery).

The events carry no case content: an identifier and the inzage URL. A receiving system reads the outcome
itself with its own token (``outcome_read``), which answers only to an entitled organisation, is logged in
the access log, and is itself an ``uitkomst-ingezien`` event for the other entitled organisations.
"""

import uuid

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Organisation
from api.models import ApiClient, Delivery, OutboundEvent, OutcomeRecipient
from api.tasks import delivery_send
from audit.services import access_viewed
from cases.selectors import case_directors
from core.queue import enqueue_on_commit
from referrals.models import Referral
from tables import jzv
from tables.models import Outcome

# Organisations outside the local team that hear of a table's outcome (the local team reads it in Zicht).
RECEIVING_KINDS = frozenset(
    {
        Organisation.Kind.VEILIG_THUIS,
        Organisation.Kind.CHILD_PROTECTION_BOARD,
        Organisation.Kind.CERTIFIED_INSTITUTION,
    }
)


class Reason:
    HANDOVER = "veilig_thuis"  # it handed the family over to the local team
    INVESTIGATION = "investigation"  # the table asks the Raad to investigate
    DIRECTOR = "director"  # it directs the case (a GI, in the mandated phase)


def recipients_of(outcome: Outcome) -> dict[int, str]:
    """Organisation id → why it is entitled: the Veilig Thuis that handed the family over, the Raad when
    it is asked to investigate, the GI directing the case; only organisations of the receiving kinds."""
    found: dict[int, str] = {}
    handed_over = Referral.objects.filter(
        case=outcome.case_id, state__in=[Referral.State.SENT, Referral.State.ACCEPTED]
    ).values_list("organisation", flat=True)
    for organisation in handed_over:
        found.setdefault(organisation, Reason.HANDOVER)
    if outcome.investigator_id:
        found.setdefault(outcome.investigator.organisation_id, Reason.INVESTIGATION)
    for director in case_directors(outcome.case).exclude(organisation=None):
        found.setdefault(director.organisation_id, Reason.DIRECTOR)
    receiving = set(
        Organisation.objects.filter(pk__in=found, kind__in=RECEIVING_KINDS).values_list("pk", flat=True)
    )
    return {organisation: reason for organisation, reason in found.items() if organisation in receiving}


def receiving_clients(organisations) -> list[ApiClient]:
    """The active outcome clients of these organisations that have an endpoint to send events to."""
    return list(
        ApiClient.objects.filter(
            organisation__in=organisations,
            scope=ApiClient.Scope.OUTCOMES,
            is_active=True,
            user__is_active=True,
        ).exclude(endpoint_url="")
    )


def _queue(event: OutboundEvent, clients: list[ApiClient]) -> list[Delivery]:
    """Outbox rows for the event, one per client; Celery is asked to send each after commit."""
    deliveries = Delivery.objects.bulk_create(Delivery(event=event, client=client) for client in clients)
    for delivery in deliveries:
        enqueue_on_commit(delivery_send, delivery.pk)
    return deliveries


def outcome_share(*, outcome: Outcome) -> OutboundEvent:
    """Record who may read the outcome and queue its ``uitkomst-beschikbaar-gesteld`` event to them.

    Runs inside tables.services.outcome_record's transaction (a hook); the event's id is the outcome's
    ``event_id``, so however often it is sent it is the same event.
    """
    recipients = recipients_of(outcome)
    OutcomeRecipient.objects.bulk_create(
        OutcomeRecipient(outcome=outcome, organisation_id=organisation, reason=reason)
        for organisation, reason in recipients.items()
    )
    event = OutboundEvent.objects.create(
        event_id=outcome.event_id,
        type=OutboundEvent.Type.AVAILABLE,
        outcome=outcome,
        cloudevent=jzv.outcome_cloudevent(outcome),
    )
    _queue(event, receiving_clients(recipients.keys()))
    return event


def outcome_for_client(client: ApiClient, identifier: uuid.UUID) -> Outcome:
    """The outcome, if the client's organisation is entitled to it; else 404, as for one that is unknown."""
    outcome = (
        Outcome.objects.select_related("item__meeting__table", "case", "investigator")
        .filter(identifier=identifier, recipients__organisation=client.organisation_id)
        .first()
    )
    if outcome is None:
        raise Http404
    return outcome


@transaction.atomic
def outcome_read(*, client: ApiClient, outcome: Outcome) -> dict:
    """One read of the outcome by a receiving system: logged, and told to the other entitled organisations.

    Returns the UitkomstOverleg document. The access event and the ``uitkomst-ingezien`` event are written
    in one transaction with the read, so no read goes unrecorded.
    """
    access_viewed(user=client.user, case=outcome.case, object_ref=f"uitkomst_overleg:{outcome.pk}")
    event_id = uuid.uuid4()
    event = OutboundEvent.objects.create(
        event_id=event_id,
        type=OutboundEvent.Type.READ,
        outcome=outcome,
        organisation=client.organisation,
        cloudevent=jzv.outcome_read_cloudevent(
            outcome, event_id=event_id, reader=client.organisation, at=timezone.now()
        ),
    )
    others = outcome.recipients.exclude(organisation=client.organisation_id).values_list(
        "organisation", flat=True
    )
    _queue(event, receiving_clients(others))
    return jzv.outcome_document(outcome)
