from django.urls import path

from caseloads import views

app_name = "caseloads"

urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("team/", views.team_caseload, name="team"),
    path("zoeken/", views.search, name="search"),
    path("noodtoegang/", views.emergency_access, name="emergency-access"),
]
