from django.urls import path

from lms.accounts import api
from lms.learning import api as learning_api
from lms.live_training import api as live_api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api_me"),
    path("me/enrolments/", learning_api.MyEnrolmentsView.as_view(), name="api_my_enrolments"),
    path("me/completions/", learning_api.MyCompletionsView.as_view(), name="api_my_completions"),
    path("me/live-sessions/", live_api.MyLiveSessionsView.as_view(), name="api_my_live_sessions"),
    path(
        "live-sessions/<id:pk>/register/",
        live_api.LiveSessionRegisterView.as_view(),
        name="api_live_session_register",
    ),
    path(
        "live-sessions/<id:pk>/cancel/",
        live_api.LiveSessionCancelView.as_view(),
        name="api_live_session_cancel",
    ),
    path(
        "facilitator/live-sessions/<id:pk>/roster/",
        live_api.FacilitatorRosterView.as_view(),
        name="api_facilitator_roster",
    ),
    path("staff/people/", api.StaffPeopleView.as_view(), name="api_staff_people"),
    path("verify/<str:code>/", api.VerifyView.as_view(), name="api_verify"),
]
