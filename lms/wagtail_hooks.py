"""Wagtail hooks of the people-and-learning app."""

from django.shortcuts import redirect

from wagtail import hooks

from curriculum.models import LessonPage
from lms.access import has_role
from lms.accounts.models import Role


@hooks.register("before_serve_page")
def lessons_open_in_the_learning_view_for_enrolled_trainees(page, request, serve_args, kwargs):
    """An enrolled trainee who follows a public lesson link lands in /learn/lessons/<id>/.

    There the same lesson records their place, keeps their reflections and offers "I have
    finished this lesson". Everyone else (visitors, editors, people not enrolled) sees the public
    page as it is. The curriculum app cannot do this itself: it never imports lms.
    """
    if not isinstance(page, LessonPage):
        return None
    user = request.user
    if not user.is_authenticated or not has_role(user, Role.TRAINEE):
        return None
    from lms.learning.services import enrollment_for_module, module_of

    if enrollment_for_module(user=user, module=module_of(page)) is None:
        return None
    return redirect("lms:lesson", pk=page.pk)
