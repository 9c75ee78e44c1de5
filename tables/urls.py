from django.urls import path

from tables import views

app_name = "tables"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("vergaderingen/", views.meetings, name="meetings"),
    path("vergaderingen/nieuw/", views.meeting_new, name="meeting-new"),
    path("vergadering/<int:pk>/", views.meeting_detail, name="meeting"),
    path("vergadering/<int:pk>/wijzigen/", views.meeting_edit, name="meeting-edit"),
    path("vergadering/<int:pk>/agendapunt/", views.agenda_add, name="agenda-add"),
    path("vergadering/<int:pk>/volgorde/", views.agenda_order, name="agenda-order"),
    path("vergadering/<int:pk>/publiceren/", views.meeting_publish, name="meeting-publish"),
    path("vergadering/<int:pk>/agendapakket/", views.pack_request, name="pack-request"),
    path("vergadering/<int:pk>/agendapakket/status/", views.pack_status, name="pack-status"),
    path("vergadering/<int:pk>/agendapakket.pdf", views.pack_download, name="pack-download"),
    path("agendapunt/<int:pk>/omhoog/", views.item_up, name="item-up"),
    path("agendapunt/<int:pk>/omlaag/", views.item_down, name="item-down"),
    path("agendapunt/<int:pk>/wijzigen/", views.item_update, name="item-update"),
    path("agendapunt/<int:pk>/verwijderen/", views.item_remove, name="item-remove"),
    path("agendapunt/<int:pk>/uitnodiging.pdf", views.invitation, name="invitation"),
    path("agendapunt/<int:pk>/uitkomst/", views.item_outcome, name="item-outcome"),
    path("mijn-aanmeldingen/", views.my_submissions, name="mine"),
    path("casus/<int:pk>/aanmelden/", views.submission_new, name="submission-new"),
    path("aanmelding/<int:pk>/", views.submission_detail, name="submission"),
    path("aanmelding/<int:pk>/wijzigen/", views.submission_edit, name="submission-edit"),
    path("aanmelding/<int:pk>/indienen/", views.submission_submit, name="submission-submit"),
    path("aanmelding/<int:pk>/terugsturen/", views.submission_return, name="submission-return"),
    path("aanmelding/<int:pk>/intrekken/", views.submission_withdraw, name="submission-withdraw"),
    path("uitkomst/<int:pk>/", views.outcome_detail, name="outcome"),
    path("uitkomst/<int:pk>/brief.pdf", views.outcome_letter, name="outcome-letter"),
    path("uitkomst/<int:pk>/terugmelding/", views.outcome_report_back, name="outcome-report-back"),
    path("uitkomst/<int:pk>/raadsbesluit/", views.outcome_board_decision, name="outcome-board-decision"),
]
