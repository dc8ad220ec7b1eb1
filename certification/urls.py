from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("supervise/", views.supervise_home, name="supervise_home"),
]
