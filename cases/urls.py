from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("nieuw/", views.case_start, name="start"),
    path("wie-mag-wat/", views.who_may_what, name="who-may-what"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/contact/", views.contact_create, name="contact-create"),
    path("<int:pk>/contact/<int:contact_pk>/wijzigen/", views.contact_edit, name="contact-edit"),
    path("<int:pk>/fase/", views.case_transition, name="transition"),
    path("<int:pk>/raadsverzoek/", views.case_board_request, name="board-request"),
    path("<int:pk>/regie/", views.case_assign, name="assign"),
    path("<int:pk>/gezinslid/", views.person_add, name="person-add"),
    path("<int:pk>/verhuizing/", views.move_record, name="move"),
    path("<int:pk>/inzagelog/", views.access_log, name="access-log"),
]
