from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    # The trainee's practice log
    path("practice/", views.practice_home, name="practice_home"),
    path("practice/entries/new/", views.practice_entry_create, name="practice_entry_create"),
    path("practice/entries/submit/", views.practice_entries_submit, name="practice_entries_submit"),
    path("practice/entries/<int:pk>/", views.practice_entry_edit, name="practice_entry_edit"),
    path(
        "practice/entries/<int:pk>/correct/",
        views.practice_entry_correct,
        name="practice_entry_correct",
    ),
    path("practice/sessions/<int:pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("practice/hours.csv", views.hours_csv, name="hours_csv"),
    path("practice/hours.pdf", views.hours_pdf, name="hours_pdf"),
    path("practice/notices/read/", views.notices_read, name="notices_read"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="agreement_sign"),
    # The supervisor's queue
    path("supervise/", views.supervise_home, name="supervise_home"),
    path("supervise/approve/", views.supervise_bulk_approve, name="supervise_bulk_approve"),
    path("supervise/entries/<int:pk>/approve/", views.supervise_approve, name="supervise_approve"),
    path("supervise/entries/<int:pk>/return/", views.supervise_return, name="supervise_return"),
    path("supervise/entries/<int:pk>/reject/", views.supervise_reject, name="supervise_reject"),
    path("supervise/agreements/new/", views.agreement_new, name="agreement_new"),
    path("supervise/sessions/new/", views.session_new, name="session_new"),
    # Staff
    path("staff/audit/", views.audit_verify, name="audit_verify"),
    path("staff/agreements/new/", views.staff_agreement_new, name="staff_agreement_new"),
]
