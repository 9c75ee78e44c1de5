"""The chain's intakes of a handover, and the table outcomes shared with the chain.

Per model:
- Intake: KEPT. It holds the sender's registration number and a hash of the document, no names; it ties the
  sender's id to the handover, which stays (blanked) for the counts, so a repeated post still finds it.
- OutcomeRecipient: DELETED. After destruction no organisation reads the outcome any more: the inzage
  answers 404, as for one it was never entitled to.
- OutboundEvent: KEPT. A CloudEvent holds identifiers, the inzage URL, the table's and an organisation's
  name, no person: it records what was told to whom.
- Delivery: KEPT (the record of what was sent), a delivery still waiting CANCELLED: nothing is offered for a
  destroyed file.
"""

from api.models import Delivery, Intake, OutboundEvent, OutcomeRecipient

COVERS = [Intake, OutcomeRecipient, OutboundEvent, Delivery]


def erase(ctx) -> None:
    ctx.count("outcome_recipients", OutcomeRecipient.objects.filter(outcome__case=ctx.case).delete()[0])
    ctx.count(
        "deliveries_cancelled",
        Delivery.objects.filter(
            event__outcome__case=ctx.case, state__in=[Delivery.State.PENDING, Delivery.State.FAILED]
        ).update(state=Delivery.State.CANCELLED, next_attempt_at=None),
    )
