"""Under /casussen/ (config/urls.py), beside the case pages they belong to."""

from django.urls import path

from flags import views

app_name = "flags"

urlpatterns = [
    path("signalen/", views.flag_dashboard, name="dashboard"),
    path("signalen/lijst/", views.flag_list, name="list"),
    path("signalen/regels/<str:rule_id>/", views.rule_detail, name="rule"),
    path("<int:pk>/signalen/<int:flag_pk>/", views.flag_action, name="flag"),
]
