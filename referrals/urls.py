from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("inbox/", views.inbox, name="inbox"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("nieuw/", views.referral_new, name="new"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.referral_edit, name="edit"),
    path("<int:pk>/versturen/", views.referral_send, name="send"),
    path("<int:pk>/intrekken/", views.referral_withdraw, name="withdraw"),
    path("<int:pk>/terugsturen/", views.referral_return, name="return"),
    path("<int:pk>/doorsturen/", views.referral_forward, name="forward"),
    path("<int:pk>/warme-overdracht/", views.referral_warm_handover, name="warm-handover"),
    path("<int:pk>/accepteren/", views.referral_accept, name="accept"),
    path("casus/<int:pk>/", views.case_monitoring, name="case-monitoring"),
]
