from django.urls import path

from curriculum import input_limits  # noqa: F401 - registers the <id:...> path converter
from lms.accounts import views
from lms.learning import views as learning_views

app_name = "lms"

urlpatterns = [
    path("learn/", learning_views.learn_home, name="learn_home"),
    path("staff/", views.staff_home, name="staff_home"),
    path("get-started/", views.get_started, name="get_started"),
    path(
        "staff/join-requests/<id:pk>/accept/",
        views.staff_join_request_accept,
        name="staff_join_request_accept",
    ),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/trainees/add/", views.staff_add_trainee, name="staff_add_trainee"),
    path("staff/people/<id:pk>/", views.staff_person, name="staff_person"),
    path(
        "staff/people/<id:pk>/sign-in-code/",
        views.staff_issue_sign_in_code,
        name="staff_issue_sign_in_code",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("sign-in/code/", views.sign_in_with_code, name="sign_in_with_code"),
    path("account/", views.account_home, name="account_home"),
    path("account/tokens/", views.access_tokens, name="access_tokens"),
    path("account/tokens/<id:pk>/revoke/", views.access_token_revoke, name="access_token_revoke"),
    # Learning (trainees)
    path("learn/programs/<id:pk>/", learning_views.program_detail, name="program"),
    path("learn/programs/<id:pk>/enrol/", learning_views.program_enrol, name="program_enrol"),
    path("learn/modules/<id:pk>/", learning_views.module_detail, name="module"),
    path("learn/modules/<id:pk>/enrol/", learning_views.module_enrol, name="module_enrol"),
    path(
        "learn/modules/<id:pk>/continue/",
        learning_views.content_note_continue,
        name="content_note_continue",
    ),
    path(
        "learn/modules/<id:pk>/assessment/start/",
        learning_views.attempt_start,
        name="attempt_start",
    ),
    path("learn/lessons/<id:pk>/", learning_views.lesson_detail, name="lesson"),
    path("learn/lessons/<id:pk>/complete/", learning_views.lesson_complete, name="lesson_complete"),
    path(
        "learn/lessons/<id:pk>/reflections/<str:block_id>/",
        learning_views.reflection_save,
        name="reflection_save",
    ),
    path("learn/attempts/<id:pk>/", learning_views.attempt_detail, name="attempt"),
    path("learn/attempts/<id:pk>/answer/", learning_views.attempt_answer, name="attempt_answer"),
    path("learn/attempts/<id:pk>/submit/", learning_views.attempt_submit, name="attempt_submit"),
    path("learn/transcript/", learning_views.transcript, name="transcript"),
    path("learn/transcript.pdf", learning_views.transcript_pdf, name="transcript_pdf"),
    path("learn/reminders/", learning_views.reminders, name="reminders"),
    # Learning (staff)
    path("staff/cohorts/", learning_views.cohort_list, name="cohorts"),
    path("staff/cohorts/<id:pk>/", learning_views.cohort_detail, name="cohort"),
    path("staff/cohorts/<id:pk>/enrol/", learning_views.cohort_enrol, name="cohort_enrol"),
    path("staff/cohorts/<id:pk>/import/", learning_views.cohort_import, name="cohort_import"),
    # Public verification of issued documents (see lms/verification.py)
    path("verify/", learning_views.verify, name="verify_form"),
    path("verify/<str:code>/", learning_views.verify, name="verify"),
]
