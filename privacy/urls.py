from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.home, name="home"),
    path("verzoeken/nieuw/", views.request_create, name="request-create"),
    path("verzoeken/<int:pk>/", views.request_detail, name="request-detail"),
    path("verzoeken/<int:pk>/kopie/", views.request_copy, name="request-copy"),
    path("vernietiging/", views.destruction_list, name="destruction-list"),
    path("vernietiging/<int:pk>/", views.destruction_review, name="destruction-review"),
    path("vernietigd/", views.destroyed, name="destroyed"),
    path("bewaren/", views.holds, name="holds"),
    path("bewaren/<int:pk>/opheffen/", views.hold_lift, name="hold-lift"),
]
