from django.urls import path

from lms.accounts import api
from lms.learning import api as learning_api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api_me"),
    path("me/enrolments/", learning_api.MyEnrolmentsView.as_view(), name="api_my_enrolments"),
    path("me/completions/", learning_api.MyCompletionsView.as_view(), name="api_my_completions"),
    path("staff/people/", api.StaffPeopleView.as_view(), name="api_staff_people"),
    path("verify/<str:code>/", api.VerifyView.as_view(), name="api_verify"),
]
