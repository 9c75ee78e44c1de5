"""The chain's intakes of a handover.

Per model:
- Intake: KEPT. It holds the sender's registration number and a hash of the document, no names; it ties the
  sender's id to the handover, which stays (blanked) for the counts, so a repeated post still finds it.
"""

from api.models import Intake

COVERS = [Intake]


def erase(ctx) -> None:
    """Nothing to erase: no personal data."""
