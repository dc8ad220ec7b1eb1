from django.urls import path

from curriculum import input_limits  # noqa: F401 - registers the <id:...> path converter
from lms import pwa
from lms.accounts import views
from lms.learning import package_views
from lms.learning import views as learning_views
from lms.live_training import views as live_views

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
    path(
        "staff/organisation/certificates/",
        views.organization_certificate,
        name="organization_certificate",
    ),
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
    path("account/about-you/", views.self_description, name="self_description"),
    path("language/", views.language_set, name="language_set"),
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
        "learn/lessons/<id:pk>/packages/<str:block_id>/commit/",
        package_views.package_commit,
        name="package_commit",
    ),
    path(
        "learn/lessons/<id:pk>/packages/<str:block_id>/result/",
        package_views.package_result,
        name="package_result",
    ),
    path(
        "learn/lessons/<id:pk>/packages/<str:block_id>/state/",
        package_views.package_state,
        name="package_state",
    ),
    path(
        "learn/lessons/<id:pk>/packages/<str:block_id>/status/",
        package_views.package_status,
        name="package_status",
    ),
    path("packages/<uuid:key>/<path:path>", package_views.package_file, name="package_file"),
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
    # Live training: trainees
    path("learn/sessions/", live_views.sessions, name="live_sessions"),
    path("learn/sessions/<id:pk>/", live_views.session_detail, name="live_session"),
    path(
        "learn/sessions/<id:pk>/register/",
        live_views.session_register,
        name="live_session_register",
    ),
    path("learn/sessions/<id:pk>/cancel/", live_views.session_cancel, name="live_session_cancel"),
    path("learn/sessions/<id:pk>/calendar.ics", live_views.session_ics, name="live_session_ics"),
    path("learn/calendar/", live_views.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>.ics", live_views.calendar_feed_ics, name="calendar_feed_ics"),
    path("live/check-in/<str:token>/", live_views.check_in, name="live_check_in"),
    # Live training: facilitators
    path("facilitate/", live_views.facilitate_home, name="facilitate_home"),
    path("facilitate/sessions/<id:pk>/", live_views.facilitate_session, name="facilitate_session"),
    path("facilitate/sessions/<id:pk>/code/", live_views.facilitate_code, name="facilitate_code"),
    path("facilitate/sessions/<id:pk>/mark/", live_views.facilitate_mark, name="facilitate_mark"),
    path(
        "facilitate/sessions/<id:pk>/walk-in/",
        live_views.facilitate_walk_in,
        name="facilitate_walk_in",
    ),
    path("facilitate/sessions/<id:pk>/sign/", live_views.facilitate_sign, name="facilitate_sign"),
    path(
        "facilitate/attendance/<id:pk>/correct/",
        live_views.facilitate_correct,
        name="facilitate_correct",
    ),
    # Live training: staff
    path("staff/sessions/", live_views.staff_sessions, name="staff_sessions"),
    path("staff/sessions/new/", live_views.staff_session_new, name="staff_session_new"),
    path("staff/sessions/series/", live_views.staff_series_new, name="staff_series_new"),
    path("staff/sessions/<id:pk>/", live_views.staff_session, name="staff_session"),
    path(
        "staff/sessions/<id:pk>/cancel/",
        live_views.staff_session_cancel,
        name="staff_session_cancel",
    ),
    path(
        "staff/sessions/<id:pk>/attendance.csv",
        live_views.staff_session_csv,
        name="staff_session_csv",
    ),
    path(
        "staff/people/<id:pk>/attendance.csv",
        live_views.staff_person_csv,
        name="staff_person_attendance_csv",
    ),
    # Public verification of issued documents (see lms/verification.py)
    path("verify/", learning_views.verify, name="verify_form"),
    path("service-worker.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
    path("verify/<str:code>/", learning_views.verify, name="verify"),
]
