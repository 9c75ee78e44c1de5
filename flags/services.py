"""The stalled-case engine: evaluate the rules set-based, open and resolve flags; acknowledge and snooze."""

import datetime as dt
import json
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessEvent
from audit.services import access_event_record
from cases.access import HANDLE_FLAGS, require_any
from cases.models import Case
from core.rules import Rule
from flags.models import Flag
from flags.registry import RULES, Context

logger = logging.getLogger(__name__)


def _json(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# Flags resolved per UPDATE (an id list per statement, well inside every database's limit on parameters).
RESOLVE_BATCH = 500


def rule_evaluate(rule: Rule, ctx: Context, *, case: Case | None = None) -> tuple[int, int]:
    """Open a flag wherever the rule matches and none is open; resolve open flags that no longer match.

    A fixed number of queries, whatever the number of cases (and one more per RESOLVE_BATCH flags that stop
    matching at once). All or nothing: a worker killed halfway leaves the rule as it was, for the next run to
    finish.
    """
    subject = f"{rule.subject}_id"
    with transaction.atomic():
        matching = rule.matches(ctx, rule)
        if case is not None:
            matching = matching.filter(**{rule.key: case.pk})
        rows = list(matching.values(rule.key, *rule.facts))
        open_flags = Flag.objects.filter(
            rule=rule.id, resolved_at__isnull=True, **{f"{rule.subject}__isnull": False}
        )
        if case is not None:
            open_flags = open_flags.filter(**{subject: case.pk})
        open_rows = list(open_flags.values_list("pk", subject))
        already = {key for _, key in open_rows}
        new, seen = [], set()
        for row in rows:
            key = row[rule.key]
            if key is None or key in seen:
                continue
            seen.add(key)
            if key in already:
                continue
            new.append((key, {name: _json(row[name]) for name in rule.facts}))
        _flags_open(rule, ctx.now, subject, new)
        # What no longer matches is resolved from the same reading of the matches: the rule's query, often
        # the costliest part of the evaluation, runs once. A flag another evaluation resolved meanwhile is
        # left as it is; a case that starts to match again in between is flagged again by the next run.
        stale = [pk for pk, key in open_rows if key not in seen]
        resolved = sum(
            Flag.objects.filter(pk__in=stale[start : start + RESOLVE_BATCH], resolved_at__isnull=True).update(
                resolved_at=ctx.now
            )
            for start in range(0, len(stale), RESOLVE_BATCH)
        )
    return len(new), resolved


def _flags_open(rule: Rule, now: dt.datetime, subject: str, new: list[tuple[int, dict]]) -> None:
    """Open a flag for each (subject id, facts). The partial unique index turns a second evaluation running
    at the same moment into a no-op.

    On PostgreSQL the rows travel as one JSON document in one statement: bulk_create spent about 90 µs of
    Python per flag on model instances and array literals, most of a first evaluation (ADR 14).
    """
    if not new:
        return
    if connection.vendor != "postgresql":
        flags = [Flag(rule=rule.id, severity=rule.severity, facts=facts, opened_at=now, **{subject: key})
                 for key, facts in new]  # fmt: skip
        Flag.objects.bulk_create(flags, ignore_conflicts=True)
        return
    fields = ("rule", "severity", "opened_at", "acknowledgement", "snooze_reason", "facts", subject)
    columns = ", ".join(Flag._meta.get_field(name).column for name in fields)
    rows = json.dumps([{"key": key, "facts": facts} for key, facts in new])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Flag._meta.db_table} ({columns}) "  # noqa: S608 - names from the model, values bound
            "SELECT %s, %s, %s, '', '', r.facts, r.key "
            "FROM jsonb_to_recordset(%s::jsonb) AS r(key bigint, facts jsonb) ON CONFLICT DO NOTHING",
            [rule.id, rule.severity, now, rows],
        )


def flags_evaluate(
    *, now: dt.datetime | None = None, rules: list[str] | None = None, case: Case | None = None
) -> dict:
    """Evaluate the rules (all, or those named), for every case or one; opened and resolved per rule."""
    ctx = Context.load(now)
    results = {}
    for rule_id, rule in RULES.items():
        if rules is not None and rule_id not in rules:
            continue
        if case is not None and rule.subject != "case":
            continue
        results[rule_id] = rule_evaluate(rule, ctx, case=case)
    logger.info("Stalled-case evaluation: %s", results)
    return results


def event_rules_evaluate(event: str, *, case: Case, **_details) -> None:
    """An event named by rules (Rule.events) happened on the case: evaluate those rules for it at once."""
    rules = [rule.id for rule in RULES.values() if event in rule.events]
    if rules:
        flags_evaluate(rules=rules, case=case)


@transaction.atomic
def flag_acknowledge(*, flag: Flag, by: User, note: str) -> Flag:
    """Someone has seen the flag and says what is being done; it stays open while the rule matches."""
    require_any(by, HANDLE_FLAGS, flag.case)
    if not note.strip():
        raise ValidationError({"note": _("Say what is being done about it.")})
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = by
    flag.acknowledgement = note.strip()
    flag.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=flag.case, object_ref=f"flag:{flag.pk}"
    )
    return flag


@transaction.atomic
def flag_snooze(*, flag: Flag, by: User, until: dt.date, reason: str) -> Flag:
    """Put a flag out of sight until a date, with a reason; it comes back if the rule still matches then."""
    require_any(by, HANDLE_FLAGS, flag.case)
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give a reason.")
    if until <= timezone.localdate() or until > timezone.localdate() + dt.timedelta(days=92):
        errors["until"] = _("Choose a date in the next three months.")
    if errors:
        raise ValidationError(errors)
    flag.snoozed_until = until
    flag.snooze_reason = reason.strip()
    flag.acknowledged_by = by
    flag.acknowledged_at = timezone.now()
    flag.save(update_fields=["snoozed_until", "snooze_reason", "acknowledged_by", "acknowledged_at"])
    access_event_record(
        user=by, action=AccessEvent.Action.UPDATE, case=flag.case, object_ref=f"flag:{flag.pk}"
    )
    return flag
