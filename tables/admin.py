from django.contrib import admin

from tables.models import Table


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    """The tables themselves: who chairs them and which organisations sit at them. No case data here."""

    list_display = ("name", "norm_working_days", "phone")
    filter_horizontal = ("municipalities", "chairs", "member_organisations")
    fields = (
        "name", "municipalities", "chairs", "secretary", "member_organisations", "norm_working_days",
        "default_place", "phone",
    )  # fmt: skip
