"""API v1 URLs for supervised practice and credential progress (included at /api/v1/)."""

from django.urls import path

from certification.credentials import api as evidence_api
from certification.issuance import api as api_api
from certification.reports import api as reports_api
from certification.roster import api as roster_api
from certification.supervision import api
from curriculum import input_limits  # noqa: F401 - registers the <id:...> path converter

urlpatterns = [
    # Reports (figures only)
    path("staff/reports/", reports_api.StaffReportView.as_view(), name="api_staff_reports"),
    path("network/reports/", reports_api.NetworkReportView.as_view(), name="api_network_reports"),
    # The trainee
    path("practice-entries/", api.PracticeEntryListView.as_view(), name="api_practice_entries"),
    path(
        "practice-entries/submit/",
        api.PracticeEntrySubmitView.as_view(),
        name="api_practice_entries_submit",
    ),
    path(
        "practice-entries/<id:pk>/",
        api.PracticeEntryDetailView.as_view(),
        name="api_practice_entry",
    ),
    path("supervision-sessions/", api.MySessionsView.as_view(), name="api_my_sessions"),
    path(
        "supervision-sessions/<id:pk>/confirm/",
        api.SessionConfirmView.as_view(),
        name="api_session_confirm",
    ),
    path("me/credentials/", api_api.MyCredentialsView.as_view(), name="api_my_credentials"),
    path(
        "me/credentials/<id:pk>/open-badge/",
        api_api.MyCredentialOpenBadgeView.as_view(),
        name="api_my_credential_open_badge",
    ),
    path(
        "me/credential-progress/",
        api_api.MyCredentialProgressView.as_view(),
        name="api_my_credential_progress",
    ),
    path("me/exam-results/", evidence_api.MyExamResultsView.as_view(), name="api_my_exam_results"),
    path("me/attestations/", evidence_api.MyAttestationsView.as_view(), name="api_my_attestations"),
    # The supervisor
    path("supervision/entries/", api.SupervisionQueueView.as_view(), name="api_supervision_queue"),
    path(
        "supervision/entries/approve/",
        api.EntriesBulkApproveView.as_view(),
        name="api_supervision_approve_many",
    ),
    path(
        "supervision/entries/<id:pk>/approve/",
        api.EntryApproveView.as_view(),
        name="api_supervision_approve",
    ),
    path(
        "supervision/entries/<id:pk>/return/",
        api.EntryReturnView.as_view(),
        name="api_supervision_return",
    ),
    path(
        "supervision/entries/<id:pk>/reject/",
        api.EntryRejectView.as_view(),
        name="api_supervision_reject",
    ),
    path("supervision/sessions/", api.SessionsGivenView.as_view(), name="api_sessions_given"),
    # Staff
    path("staff/trainees/", roster_api.StaffTraineeRosterView.as_view(), name="api_staff_trainees"),
    path(
        "staff/trainees.csv",
        roster_api.StaffTraineeRosterCsvView.as_view(),
        name="api_staff_trainees_csv",
    ),
]
