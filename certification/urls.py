from django.urls import path

from certification.credentials import views as evidence_views
from certification.external_training import views as external_training_views
from certification.issuance import views as credential_views
from certification.privacy import views as privacy_views
from certification.reports import views as report_views
from certification.roster import views as roster_views
from certification.supervision import qualification_views, review_views, views
from curriculum import input_limits  # noqa: F401 - registers the <id:...> path converter

app_name = "certification"

urlpatterns = [
    # Data rights: a copy of one's data, closing one's account (docs/privacy.md)
    path("account/privacy/", privacy_views.privacy_home, name="privacy_home"),
    path("account/privacy/export/", privacy_views.export_create, name="privacy_export_create"),
    path(
        "account/privacy/exports/<id:pk>/status/",
        privacy_views.export_status,
        name="privacy_export_status",
    ),
    path(
        "account/privacy/exports/<id:pk>/download/",
        privacy_views.export_download,
        name="privacy_export_download",
    ),
    path("account/privacy/close/", privacy_views.account_close, name="account_close"),
    path(
        "account/privacy/close/cancel/",
        privacy_views.account_close_cancel,
        name="account_close_cancel",
    ),
    path("staff/people/<id:pk>/data-copy/", privacy_views.staff_export, name="staff_export"),
    # Reports for staff and for the state network (docs/reports.md)
    path("staff/reports/", report_views.staff_reports, name="staff_reports"),
    path("network/reports/", report_views.network_reports, name="network_reports"),
    path("reports/exports/new/", report_views.export_create, name="report_export_create"),
    path(
        "reports/exports/<id:pk>/status/",
        report_views.export_status,
        name="report_export_status",
    ),
    path(
        "reports/exports/<id:pk>/download/",
        report_views.export_download,
        name="report_export_download",
    ),
    # The trainee's practice log
    path("practice/", views.practice_home, name="practice_home"),
    path("practice/entries/new/", views.practice_entry_create, name="practice_entry_create"),
    path("practice/entries/submit/", views.practice_entries_submit, name="practice_entries_submit"),
    path("practice/entries/<id:pk>/", views.practice_entry_edit, name="practice_entry_edit"),
    path(
        "practice/entries/<id:pk>/correct/",
        views.practice_entry_correct,
        name="practice_entry_correct",
    ),
    path("practice/sessions/<id:pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("practice/hours.csv", views.hours_csv, name="hours_csv"),
    path("practice/hours.pdf", views.hours_pdf, name="hours_pdf"),
    path("practice/notices/read/", views.notices_read, name="notices_read"),
    path("agreements/<id:pk>/sign/", views.agreement_sign, name="agreement_sign"),
    # The supervisor's queue
    path("supervise/", review_views.supervise_home, name="supervise_home"),
    path(
        "supervise/trainees/",
        review_views.supervise_trainee_suggestions,
        name="supervise_trainee_suggestions",
    ),
    path("supervise/approve/", review_views.supervise_bulk_approve, name="supervise_bulk_approve"),
    path(
        "supervise/entries/<id:pk>/approve/",
        review_views.supervise_approve,
        name="supervise_approve",
    ),
    path(
        "supervise/entries/<id:pk>/return/", review_views.supervise_return, name="supervise_return"
    ),
    path(
        "supervise/entries/<id:pk>/reject/", review_views.supervise_reject, name="supervise_reject"
    ),
    path("supervise/agreements/new/", views.agreement_new, name="agreement_new"),
    path(
        "supervise/qualifications/",
        qualification_views.supervisor_qualifications,
        name="supervisor_qualifications",
    ),
    path(
        "supervise/qualifications/<id:pk>/proof/",
        qualification_views.supervisor_qualification_proof,
        name="supervisor_qualification_proof",
    ),
    path(
        "staff/supervisors/",
        qualification_views.staff_qualifications,
        name="staff_qualifications",
    ),
    path(
        "staff/supervisors/<id:pk>/proof/",
        qualification_views.staff_qualification_proof,
        name="staff_qualification_proof",
    ),
    path(
        "staff/supervisors/<id:pk>/verify/",
        qualification_views.staff_qualification_verify,
        name="staff_qualification_verify",
    ),
    path(
        "staff/supervisors/<id:pk>/decline/",
        qualification_views.staff_qualification_decline,
        name="staff_qualification_decline",
    ),
    path("supervise/sessions/new/", views.session_new, name="session_new"),
    # Credentials: the trainee's progress, applying, certificates and Open Badges
    path("learn/credentials/", credential_views.credentials_home, name="credentials_home"),
    path(
        "learn/credentials/<id:pk>/renew/",
        credential_views.credential_renew,
        name="credential_renew",
    ),
    # Exams and attestations (docs/credentials.md, "Exams and attestations")
    path(
        "learn/credentials/code-of-ethics/",
        evidence_views.code_of_ethics_sign,
        name="code_of_ethics_sign",
    ),
    path("learn/credentials/diploma/", evidence_views.diploma_attest, name="diploma_attest"),
    path(
        "learn/credentials/lived-experience/",
        evidence_views.lived_experience_attest,
        name="lived_experience_attest",
    ),
    path(
        "learn/credentials/attestations/<id:pk>/copy/",
        evidence_views.attestation_copy,
        name="attestation_copy",
    ),
    path("learn/credentials/exams/", evidence_views.exam_results, name="exam_results"),
    path(
        "staff/attestations/<id:pk>/copy/",
        evidence_views.staff_attestation_copy,
        name="staff_attestation_copy",
    ),
    path(
        "learn/credentials/issued/<id:pk>/decision-letter/",
        credential_views.decision_letter,
        name="decision_letter",
    ),
    path(
        "learn/credentials/exams/<id:pk>/report/",
        evidence_views.exam_report,
        name="exam_report",
    ),
    path("staff/exams/", evidence_views.staff_exams, name="staff_exams"),
    path("staff/exams/new/", evidence_views.staff_exam_new, name="staff_exam_new"),
    path("staff/exams/<id:pk>/", evidence_views.staff_exam, name="staff_exam"),
    path(
        "staff/exams/<id:pk>/report/",
        evidence_views.staff_exam_report,
        name="staff_exam_report",
    ),
    path("staff/exams/<id:pk>/verify/", evidence_views.staff_exam_verify, name="staff_exam_verify"),
    path(
        "staff/exams/<id:pk>/decline/",
        evidence_views.staff_exam_decline,
        name="staff_exam_decline",
    ),
    path(
        "attest/job-description/",
        evidence_views.job_role_attest,
        name="job_role_attest",
    ),
    path(
        "staff/code-of-ethics/",
        evidence_views.staff_code_of_ethics,
        name="staff_code_of_ethics",
    ),
    path("learn/training/", external_training_views.training_home, name="training_home"),
    path(
        "learn/training/<id:pk>/certificate/",
        external_training_views.training_certificate,
        name="training_certificate",
    ),
    path(
        "staff/training/", external_training_views.staff_training_list, name="staff_training_list"
    ),
    path("staff/training/<id:pk>/", external_training_views.staff_training, name="staff_training"),
    path(
        "staff/training/<id:pk>/certificate/",
        external_training_views.staff_training_certificate,
        name="staff_training_certificate",
    ),
    path(
        "staff/training/<id:pk>/verify/",
        external_training_views.staff_training_verify,
        name="staff_training_verify",
    ),
    path(
        "staff/training/<id:pk>/decline/",
        external_training_views.staff_training_decline,
        name="staff_training_decline",
    ),
    path(
        "learn/credentials/<id:pk>/apply/",
        credential_views.credential_apply,
        name="credential_apply",
    ),
    path(
        "credentials/<id:pk>/certificate.pdf",
        credential_views.credential_certificate_pdf,
        name="credential_certificate",
    ),
    path(
        "learn/credentials/issued/<id:pk>/open-badge.jwt",
        credential_views.credential_open_badge,
        name="credential_open_badge",
    ),
    path(
        "credentials/applications/<id:pk>/packet/",
        credential_views.application_packet_status,
        name="application_packet_status",
    ),
    path(
        "credentials/applications/<id:pk>/packet.pdf",
        credential_views.application_packet,
        name="application_packet",
    ),
    path(".well-known/jwks.json", credential_views.jwks, name="jwks"),
    path(
        "credentials/status/<id:number>/",
        credential_views.status_list,
        name="credential_status_list",
    ),
    path("issuers/<slug:slug>/", credential_views.issuer_profile, name="issuer_profile"),
    path(
        "credentials/<slug:code>/v<id:version>/",
        credential_views.achievement,
        name="achievement",
    ),
    # Staff
    path("staff/trainees/", roster_views.staff_roster, name="staff_roster"),
    path("staff/trainees.csv", roster_views.staff_roster_csv, name="staff_roster_csv"),
    path("staff/credentials/", credential_views.staff_applications, name="staff_applications"),
    path(
        "staff/credentials/<id:pk>/endorse/",
        credential_views.staff_application_endorse,
        name="staff_application_endorse",
    ),
    path(
        "staff/credentials/<id:pk>/board-decision/",
        credential_views.staff_board_decision,
        name="staff_board_decision",
    ),
    path(
        "staff/credentials/issued/<id:pk>/decision-letter/",
        credential_views.staff_decision_letter,
        name="staff_decision_letter",
    ),
    path(
        "staff/credentials/issued/",
        credential_views.staff_issued_credentials,
        name="staff_issued_credentials",
    ),
    path(
        "staff/credentials/applications/<id:pk>/",
        credential_views.staff_application,
        name="staff_application",
    ),
    path(
        "staff/credentials/applications/<id:pk>/approve/",
        credential_views.staff_application_approve,
        name="staff_application_approve",
    ),
    path(
        "staff/credentials/applications/<id:pk>/deny/",
        credential_views.staff_application_deny,
        name="staff_application_deny",
    ),
    path(
        "staff/credentials/issued/<id:pk>/revoke/",
        credential_views.staff_credential_revoke,
        name="staff_credential_revoke",
    ),
    path("staff/audit/", views.audit_verify, name="audit_verify"),
    path("staff/agreements/new/", views.staff_agreement_new, name="staff_agreement_new"),
]
