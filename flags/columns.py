"""The signals column of the caseload lists (registered in flags.apps): its cell, rendered in Python.

A list shows fifty rows; a template per cell cost more than the rest of the row (ADR 14).
"""

from core.html import format_html


def caseload_cell(case) -> str:
    """How many signals are open and in sight, coloured by the worst; a dash when there are none."""
    if not case.flag_count:
        return "—"
    return format_html('<span class="flag-count flag--{}">{}</span>', case.worst_severity, case.flag_count)
