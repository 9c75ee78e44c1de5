"""The daily flag digest: one message per person, listing the new flags on the cases they direct or lead."""

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify
from cases.models import CaseAssignment
from cases.workflow import RESPONSIBLE_ROLES
from flags.models import Flag
from flags.registry import RULES


@transaction.atomic
def flag_digest_send() -> int:
    """Tell each director and team lead about the new flags on their cases; each flag is reported once.

    One short transaction claims the flags (notified_at) and writes the notifications; their e-mail
    (which names no case: accounts.tasks.notifications_email) is sent through Celery after the commit,
    so no row stays locked while a mail server answers. Returns the number of people told.
    """
    flags = list(
        Flag.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(notified_at__isnull=True, resolved_at__isnull=True, case__isnull=False)
        .select_related("case__team")
    )
    if not flags:
        return 0
    recipients, leads = _recipients(flags)
    users = User.objects.filter(pk__in=recipients, is_active=True).in_bulk()
    for user_id, told in recipients.items():
        if user_id not in users:
            continue
        lines = sorted(_digest_line(flag) for flag in told)
        notify(
            users=[users[user_id]],
            text=_("New signals on your cases: %(signals)s") % {"signals": "; ".join(lines)},
            link=reverse("flags:dashboard" if user_id in leads else "caseloads:mine"),
        )
    Flag.objects.filter(pk__in=[flag.pk for flag in flags]).update(notified_at=timezone.now())
    return len(set(recipients) & set(users))


def _recipients(flags: list[Flag]) -> tuple[dict[int, list[Flag]], set[int]]:
    """The flags per person who directs or leads their case (by user id), and which of them are leads."""
    case_ids = {flag.case_id for flag in flags}
    by_case: dict[int, set[int]] = defaultdict(set)  # case id -> user ids
    directing = CaseAssignment.objects.filter(
        case_id__in=case_ids, ends_at__isnull=True, role__in=RESPONSIBLE_ROLES
    ).values_list("case_id", "user_id")
    leading = list(
        User.objects.filter(groups__led_team__cases__in=case_ids, is_active=True).values_list(
            "groups__led_team__cases", "pk"
        )
    )
    for case_id, user_id in [*directing, *leading]:
        by_case[case_id].add(user_id)
    recipients: dict[int, list[Flag]] = defaultdict(list)
    for flag in flags:
        for user_id in by_case[flag.case_id]:
            recipients[user_id].append(flag)
    return recipients, {user_id for _case_id, user_id in leading}


def _digest_line(flag: Flag) -> str:
    return f"{flag.case.number} ({flag.case.team.name}): {flag.rule} {RULES[flag.rule].title}"
