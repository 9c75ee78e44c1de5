"""The daily flag digest: one e-mail per person, listing the new flags on the cases they direct or lead."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import CaseAssignment, Flag
from cases.rules import RULES
from cases.workflow import RESPONSIBLE_ROLES


def flag_digest_send() -> int:
    """Send the digest; each flag is reported once. Returns the number of e-mails sent."""
    with transaction.atomic():
        flags = list(
            Flag.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(notified_at__isnull=True, resolved_at__isnull=True, case__isnull=False)
            .select_related("case__team")
        )
        if not flags:
            return 0
        case_ids = {flag.case_id for flag in flags}
        recipients: dict[int, set[int]] = defaultdict(set)  # user id -> flag ids
        directing = CaseAssignment.objects.filter(
            case_id__in=case_ids, ends_at__isnull=True, role__in=RESPONSIBLE_ROLES
        ).values_list("case_id", "user_id")
        by_case = defaultdict(set)
        for case_id, user_id in directing:
            by_case[case_id].add(user_id)
        leads = User.objects.filter(groups__led_team__cases__in=case_ids, is_active=True).values_list(
            "groups__led_team__cases", "pk"
        )
        for case_id, user_id in leads:
            by_case[case_id].add(user_id)
        for flag in flags:
            for user_id in by_case[flag.case_id]:
                recipients[user_id].add(flag.pk)
        users = User.objects.filter(pk__in=recipients).exclude(Q(email="")).in_bulk()
        by_id = {flag.pk: flag for flag in flags}
        sent = 0
        for user_id, flag_ids in recipients.items():
            user = users.get(user_id)
            if user is None:
                continue
            lines = sorted(_digest_line(by_id[pk]) for pk in flag_ids)
            send_mail(
                subject=_("Zicht: %(count)s new signals on your cases") % {"count": len(flag_ids)},
                message=_("New signals since yesterday:")
                + "\n\n"
                + "\n".join(lines)
                + f"\n\n{settings.SITE_URL}/",
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
        Flag.objects.filter(pk__in=[flag.pk for flag in flags]).update(notified_at=timezone.now())
    return sent


def _digest_line(flag: Flag) -> str:
    return f"- {flag.case.number} ({flag.case.team.name}): {flag.rule} {RULES[flag.rule].title}"
