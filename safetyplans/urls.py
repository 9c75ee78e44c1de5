from django.urls import path

from safetyplans import views

app_name = "safetyplans"

urlpatterns = [
    path("casus/<int:case_pk>/", views.case_plans, name="case"),
    path("casus/<int:case_pk>/nieuw/", views.plan_start, name="start"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/bewerken/", views.plan_edit, name="edit"),
    path("<int:pk>/vaststellen/", views.plan_agree, name="agree"),
    path("<int:pk>/evaluatie/", views.plan_evaluate, name="evaluate"),
    path("<int:pk>/vergelijken/", views.plan_compare, name="compare"),
    path("<int:pk>/afdrukvoorbeeld/", views.plan_print, name="print"),
    path("<int:pk>/pdf/", views.plan_download, name="pdf"),
]
