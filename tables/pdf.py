"""The Beschermtafel on paper: the agenda pack, the invitation letters and the outcome letter (core.pdf)."""

import datetime as dt
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from core.pdf import join_pdf, render_document, render_pdf
from safetyplans.pdf import plan_html
from tables.models import AgendaItem, Invitee, Meeting, Outcome
from tables.selectors import agenda


def _invitee_labels(item: AgendaItem) -> list[str]:
    return [str(Invitee(value).label) for value in item.invitees if value in Invitee.values]


def agenda_html(meeting: Meeting, items: list[AgendaItem] | None = None) -> str:
    rows = agenda(meeting, items)
    return render_to_string("tables/pdf/agenda.html", {"meeting": meeting, "agenda": rows})


def item_html(item: AgendaItem, number: int, meeting: Meeting, starts_at: dt.time) -> str:
    submission = item.submission
    return render_to_string(
        "tables/pdf/item.html",
        {
            "meeting": meeting,
            "item": item,
            "number": number,
            "starts_at": starts_at,
            "submission": submission,
            "case": submission.case,
            "invitees": _invitee_labels(item),
        },
    )


def pack_pdf(
    meeting: Meeting, items: list[AgendaItem], *, progress: Callable[[int], object] = lambda done: None
) -> tuple[bytes, int]:
    """The agenda, then per item its submission and the attached plan: one PDF, and its number of pages.

    Each part is laid out on its own, so ``progress`` hears after every item; the same agenda always gives
    the same pages.
    """
    documents = [render_document(agenda_html(meeting, items))]
    start = dt.datetime.combine(meeting.date, meeting.starts_at)
    for number, item in enumerate(items, start=1):
        documents.append(render_document(item_html(item, number, meeting, start.time())))
        start += dt.timedelta(minutes=item.duration_minutes)
        plan = item.submission.safety_plan
        if plan is not None:
            plan.case = item.submission.case
            documents.append(render_document(plan_html(plan)))
        progress(number)
    return join_pdf(documents), sum(len(document.pages) for document in documents)


def _family(case) -> dict:
    """Who a letter is addressed to and talks about: parents with authority, children by first name."""
    memberships = list(case.family.memberships.select_related("person").order_by("person__birth_date"))
    address = case.family.addresses.filter(valid_to__isnull=True).first()
    if address is not None and len(address.postcode) == 6:
        address.postcode = f"{address.postcode[:4]} {address.postcode[4:]}"
    children = [child.given_name for child in case.children.order_by("birth_date")]
    return {
        "parents": [m.person for m in memberships if m.relation != "child" and m.parental_authority],
        "address": address,
        "children_names": get_text_list(children, _("and")),
    }


def _others_at_the_table(item: AgendaItem, submitter) -> list[str]:
    """Who else the family will meet: the submitter by name, the others by organisation."""
    others = []
    for value in item.invitees:
        if value == Invitee.SUBMITTER:
            others.append(f"{submitter.get_full_name()} ({item.submission.case.team.name})")
        elif value not in (Invitee.PARENTS, Invitee.CHILD) and value in Invitee.values:
            others.append(str(Invitee(value).label))
    return others


def invitation_html(item: AgendaItem, *, for_children: bool, children: list, starts_at, submitter) -> str:
    case = item.submission.case
    return render_to_string(
        "tables/pdf/invitation.html",
        {
            "item": item,
            "meeting": item.meeting,
            "table": item.meeting.table,
            "case": case,
            "starts_at": starts_at,
            "for_children": for_children,
            "children": children,
            "submitter": submitter,
            "others": _others_at_the_table(item, submitter),
            **_family(case),
        },
    )


def invitation_pdf(item: AgendaItem, **context) -> bytes:
    return render_pdf(invitation_html(item, **context))


def outcome_letter_html(outcome: Outcome) -> str:
    case = outcome.case
    return render_to_string(
        "tables/pdf/outcome_letter.html",
        {
            "outcome": outcome,
            "meeting": outcome.item.meeting,
            "table": outcome.item.meeting.table,
            "case": case,
            "agreements": outcome.agreements.all(),
            "submitter": outcome.item.submission.submitted_by or outcome.item.submission.created_by,
            **_family(case),
        },
    )


def outcome_letter_pdf(outcome: Outcome) -> bytes:
    return render_pdf(outcome_letter_html(outcome))
