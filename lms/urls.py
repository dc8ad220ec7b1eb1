from django.urls import path

from . import views

app_name = "lms"

urlpatterns = [
    path("learn/", views.learn_home, name="learn_home"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/trainees/add/", views.staff_add_trainee, name="staff_add_trainee"),
    path("staff/people/<int:pk>/", views.staff_person, name="staff_person"),
    path(
        "staff/people/<int:pk>/sign-in-code/",
        views.staff_issue_sign_in_code,
        name="staff_issue_sign_in_code",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("sign-in/code/", views.sign_in_with_code, name="sign_in_with_code"),
    path("account/", views.account_home, name="account_home"),
    path("account/tokens/", views.access_tokens, name="access_tokens"),
    path("account/tokens/<int:pk>/revoke/", views.access_token_revoke, name="access_token_revoke"),
]
