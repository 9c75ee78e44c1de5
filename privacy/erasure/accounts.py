"""Notifications about the file.

Per model:
- Notification: DELETED when it links to the file, its handovers, submissions or outcomes: their texts carry
  the household's name, a returned question, a monitoring note or an emergency reason. It has no foreign key
  to the file: it is found by its link.
"""

from django.urls import reverse

from accounts.models import Notification
from referrals.models import Referral
from tables.models import Outcome, Submission

COVERS = [Notification]


def _links(case) -> list[str]:
    links = [reverse("cases:detail", args=[case.pk]), reverse("cases:access-log", args=[case.pk])]
    links += [
        reverse("referrals:detail", args=[pk])
        for pk in Referral.objects.filter(case=case).values_list("pk", flat=True)
    ]
    links += [
        reverse("tables:submission", args=[pk])
        for pk in Submission.objects.filter(case=case).values_list("pk", flat=True)
    ]
    links += [
        reverse("tables:outcome", args=[pk])
        for pk in Outcome.objects.filter(case=case).values_list("pk", flat=True)
    ]
    return links


def erase(ctx) -> None:
    ctx.count("notifications", Notification.objects.filter(link__in=_links(ctx.case)).delete()[0])
