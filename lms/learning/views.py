"""The trainee's home and learning pages, staff cohort screens and public verification. Thin:
rules live in lms/learning/services.py (writes) and lms/learning/selectors.py (reads)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from curriculum.assessment import shows_correct_answers
from curriculum.hours import format_hours
from curriculum.models import LessonPage, ModulePage, ProgramPage
from lms import access, home_panels, personal_pages, verification
from lms.accounts.models import STAFF_ROLES, Role
from lms.decorators import role_required
from lms.learning import cohorts as learning_cohorts
from lms.learning import package_views, reading
from lms.learning import selectors as learning_selectors
from lms.learning import services as learning
from lms.learning.forms import (
    CohortEnrolForm,
    CohortForm,
    CohortImportConfirmForm,
    CohortImportForm,
    LearningPreferenceForm,
    VerifyForm,
)
from lms.learning.home import learn_home_rows
from lms.learning.models import (
    AssessmentAttempt,
    Cohort,
    Enrollment,
    LearningPreference,
    PackageAttempt,
    ReflectionDraft,
)
from lms.learning.transcript import (
    TRANSCRIPT_PDF_TEMPLATE,
    transcript_for,
    transcript_pdf_context,
)
from lms.live_training import selectors as live_selectors
from lms.pdf import document_language, pdf_response
from lms.service_errors import error_text as _error_text


def _live_module(pk) -> ModulePage:
    return get_object_or_404(ModulePage.objects.live().originals(), pk=pk)


# ------------------------------------------------------------------------------
# The trainee's home (/learn/): their learning, then the panels other apps register
# ------------------------------------------------------------------------------
@personal_pages.kept_for_person(shows_activity=True)
@role_required(Role.TRAINEE)
def learn_home(request):
    user, now = request.user, timezone.now()
    # What the page shows about the person, in one statement (a superuser's sessions are
    # read the long way: their organisations are all of them).
    rows = None if user.is_superuser else learn_home_rows(user_id=user.pk, now=now)
    # /learn/ says how many sessions are open, not which: no seat counts (see the selector).
    live_sessions = live_selectors.trainee_sessions(
        user=user, now=now, detail=False, overview_rows=rows
    )
    personal_pages.good_until(request, live_sessions.changes_at())
    context = {
        "memberships": rows["memberships"]
        if rows is not None
        else user.memberships.filter(role=Role.TRAINEE).select_related("organization"),
        "learning": reading.summary_in_reader_language(
            learning_selectors.learning_summary(user=user, rows=rows)
        ),
        "live_sessions": live_sessions,
        "panels": home_panels.panels_for(request, rows=rows),
    }
    return render(request, "lms/learn_home.html", context)


# ------------------------------------------------------------------------------
# Programs and modules
# ------------------------------------------------------------------------------
@role_required(Role.TRAINEE)
def program_detail(request, pk):
    program = get_object_or_404(ProgramPage.objects.live().originals(), pk=pk)
    enrolled = Enrollment.objects.filter(user=request.user, program=program).exists()
    progress = learning_selectors.program_progress_for(user=request.user, program=program)
    return render(
        request,
        "lms/learning/program.html",
        {
            "program": reading.in_reader_language(program),
            "enrolled": enrolled,
            "progress": reading.program_progress_in_reader_language(progress),
            "shown_in_english": not reading.is_translated_for_reader(program.pk),
        },
    )


@role_required(Role.TRAINEE)
@require_POST
def program_enrol(request, pk):
    program = get_object_or_404(ProgramPage.objects.live().originals(), pk=pk)
    try:
        learning.enrollment_create(trainee=request.user, program=program)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("You are enrolled in “%(title)s”. Start whenever you are ready.")
            % {"title": program.title},
        )
    return redirect("lms:program", pk=program.pk)


@personal_pages.kept_for_person()
@role_required(Role.TRAINEE)
def module_detail(request, pk):
    # Published: from the shared curriculum; what the page reads about the person, together.
    module = learning_selectors.cached_module(pk) or _live_module(pk)
    user = request.user
    reads = learning_selectors.module_page_reads(user=user, module=module)
    enrollment, progress, attempts = reads.enrollment, reads.progress, reads.attempts
    availability = (
        learning.attempt_availability(user=user, module=module, attempts=attempts)
        if module.has_assessment
        else None
    )
    if availability is not None:
        # The pause between attempts ends by itself: the kept page lasts until then.
        personal_pages.good_until(request, availability.available_from)
    context = {
        "module": reading.in_reader_language(progress.module),
        "progress": reading.module_progress_in_reader_language(progress),
        "shown_in_english": not reading.is_translated_for_reader(module.pk),
        "enrollment": enrollment,
        "note_pending": enrollment is not None
        and learning.content_note_pending(
            user=user, module=module, acknowledged=reads.note_acknowledged
        ),
        "attempts": attempts,
        "open_attempt": next((attempt for attempt in attempts if attempt.is_open), None),
        "availability": availability,
        "completion": reads.completion,
    }
    return render(request, "lms/learning/module.html", context)


@role_required(Role.TRAINEE)
@require_POST
def module_enrol(request, pk):
    module = _live_module(pk)
    try:
        learning.enrollment_create(trainee=request.user, module=module)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You are enrolled in “%(title)s”.") % {"title": module.title})
    return redirect("lms:module", pk=module.pk)


@role_required(Role.TRAINEE)
@require_POST
def content_note_continue(request, pk):
    module = _live_module(pk)
    if learning.enrollment_for_module(user=request.user, module=module) is None:
        raise Http404
    learning.content_note_acknowledge(user=request.user, module=module)
    return redirect(reverse("lms:module", args=[module.pk]) + "#lessons-heading")


# ------------------------------------------------------------------------------
# Lessons
# ------------------------------------------------------------------------------
def _lesson_and_module(pk):
    lesson = get_object_or_404(LessonPage.objects.live().originals(), pk=pk)
    return lesson, learning.module_of(lesson)


def _package_players(*, user, lesson) -> dict:
    """Per packaged-activity block: where the runtime commits (SCORM) or the score goes (H5P),
    and what the person's last visit left."""
    blocks = learning.package_blocks(lesson)
    if not blocks:
        return {}
    attempts = {
        attempt.block_id: attempt
        for attempt in PackageAttempt.objects.filter(
            user=user, lesson=lesson, block_id__in=list(blocks)
        )
    }
    players = {}
    for block_id, value in blocks.items():
        attempt = attempts.get(block_id)
        package = value["package"]
        player = {
            "kind": package.kind,
            "status_url": package_views.status_url(lesson=lesson, block_id=block_id),
            "started": attempt is not None,
            "completed": bool(attempt and attempt.completed_at),
        }
        if package.is_h5p:
            folder = reverse("lms:package_file", args=[package.key, "h5p.json"]).rsplit("/", 1)[0]
            player |= {
                "result_url": package_views.result_url(user=user, lesson=lesson, block_id=block_id),
                "state_url": package_views.state_url(user=user, lesson=lesson, block_id=block_id),
                "saved_state": learning.h5p_saved_state(attempt, package),
                "h5p_json_path": folder,
                "content_json_path": f"{folder}/content",
                "pass_mark": package.pass_mark,
                "best_percent": attempt.score_percent if attempt else None,
            }
        else:
            player |= {
                "commit_url": package_views.commit_url(user=user, lesson=lesson, block_id=block_id),
                "resume": learning.package_resume_data(attempt, package.kind),
                "resume_id": f"package-{block_id}-resume",
            }
        players[block_id] = player
    return players


def _lesson_seen_again(request, facts) -> None:
    """A kept lesson page is served: the view is still recorded (the order of /learn/)."""
    learning.lesson_seen_again(
        user=request.user, lesson_id=facts["lesson"], module_id=facts["module"]
    )


@personal_pages.kept_for_person(on_hit=_lesson_seen_again)
@role_required(Role.TRAINEE)
def lesson_detail(request, pk):
    # The English lesson holds every record; ``shown`` is it in the reader's language.
    lesson, shown = reading.page_for_reader(LessonPage.objects, pk)
    user = request.user
    # A published module: what the page reads about the person, in one statement.
    module = learning_selectors.cached_module_of(lesson)
    reads = None
    if module is not None:
        reads = learning_selectors.lesson_page_reads(user=user, lesson=lesson, module=module)
    else:
        module = learning.module_of(lesson)
    try:
        progress_row = learning.lesson_open(
            user=user, lesson=lesson, module=module, facts=reads.facts if reads else None
        )
    except PermissionDenied as error:
        messages.info(request, _error_text(error))
        return redirect("lms:module", pk=module.pk)
    if progress_row is None:  # the content note waits for the person's choice
        return redirect("lms:module", pk=module.pk)
    personal_pages.remember(request, lesson=lesson.pk, module=module.pk)
    if reads is not None:
        module_progress, drafts = reads.progress, reads.drafts
    else:
        module_progress = learning_selectors.module_progress_for(user=user, module=module)
        drafts = dict(
            ReflectionDraft.objects.filter(user=user, lesson=lesson).values_list("block_id", "text")
        )
    players = _package_players(user=user, lesson=lesson)
    module_progress = reading.module_progress_in_reader_language(module_progress)
    lessons = module_progress.lessons
    position = next(i for i, ref in enumerate(lessons) if ref.pk == lesson.pk)
    return render(
        request,
        "lms/learning/lesson.html",
        {
            "lesson": shown,
            "shown_in_english": shown is lesson and not reading.reads_source(),
            "module": module_progress.module,
            "progress": module_progress,
            "lesson_progress": progress_row,
            "drafts": drafts,
            "players": players,
            "packages_pending": any(not player["completed"] for player in players.values()),
            "has_scorm": any(player["kind"] != "h5p" for player in players.values()),
            "has_h5p": any(player["kind"] == "h5p" for player in players.values()),
            "lesson_number": position + 1,
            "previous_lesson": lessons[position - 1] if position else None,
            "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
        },
    )


@role_required(Role.TRAINEE)
@require_POST
def lesson_complete(request, pk):
    lesson, module = _lesson_and_module(pk)
    already_completed = request.user.module_completions.filter(module=module).exists()
    try:
        completion = learning.lesson_complete(user=request.user, lesson=lesson)
    except PermissionDenied as error:
        messages.error(request, _error_text(error))
        return redirect("lms:module", pk=module.pk)
    if completion is not None and not already_completed:
        messages.success(
            request,
            _("You completed “%(title)s”. %(hours)s contact hours are now on your transcript.")
            % {"title": completion.module_title, "hours": format_hours(completion.contact_hours)},
        )
        return redirect("lms:module", pk=module.pk)
    progress = learning_selectors.module_progress_for(user=request.user, module=module)
    if progress.next_lesson is not None:
        return redirect("lms:lesson", pk=progress.next_lesson.pk)
    return redirect(reverse("lms:module", args=[module.pk]) + "#assessment-heading")


@role_required(Role.TRAINEE)
@require_POST
def reflection_save(request, pk, block_id):
    lesson, module = _lesson_and_module(pk)
    try:
        draft = learning.reflection_draft_save(
            user=request.user, lesson=lesson, block_id=block_id, text=request.POST.get("text", "")
        )
    except (ValidationError, PermissionDenied) as error:
        if request.htmx:
            return render(
                request,
                "lms/learning/includes/save_status.html",
                {"error": _error_text(error)},
                status=400,
            )
        messages.error(request, _error_text(error))
        return redirect("lms:lesson", pk=lesson.pk)
    if request.htmx:
        return render(
            request, "lms/learning/includes/save_status.html", {"saved_at": draft.updated_at}
        )
    messages.success(request, _("Your reflection is saved. Only you can see it."))
    return redirect(reverse("lms:lesson", args=[lesson.pk]) + f"#reflection-{block_id}")


# ------------------------------------------------------------------------------
# Assessments
# ------------------------------------------------------------------------------
def _own_attempt(request, pk) -> AssessmentAttempt:
    return get_object_or_404(
        AssessmentAttempt.objects.select_related("module"), pk=pk, user=request.user
    )


@role_required(Role.TRAINEE)
@require_POST
def attempt_start(request, pk):
    module, shown = reading.page_for_reader(ModulePage.objects, pk)
    try:
        # The questions are drawn as the reader reads them; their ids are the same in every
        # language, so the answers are graded alike.
        attempt = learning.attempt_start(user=request.user, module=module, shown=shown)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return redirect(reverse("lms:module", args=[module.pk]) + "#assessment-heading")
    return redirect("lms:attempt", pk=attempt.pk)


def _question_rows(attempt: AssessmentAttempt) -> list[dict]:
    """Each question as shown, with what was chosen and (once submitted) how it went."""
    rows = []
    for number, question in enumerate(attempt.questions, start=1):
        chosen = set(attempt.answers.get(question["id"], []))
        rows.append(
            {
                "number": number,
                "question": question,
                "multiple": question["kind"] == "multiple_select",
                "chosen": chosen,
                "is_correct": learning.snapshot_from_dict(question).is_answered_by(chosen),
                "chosen_options": [o for o in question["options"] if o["id"] in chosen],
            }
        )
    return rows


@role_required(Role.TRAINEE)
def attempt_detail(request, pk):
    attempt = _own_attempt(request, pk)
    context = {"attempt": attempt, "module": attempt.module, "rows": _question_rows(attempt)}
    if not attempt.is_open:
        context["availability"] = learning.attempt_availability(
            user=request.user, module=attempt.module
        )
        context["show_answers"] = shows_correct_answers(
            policy=attempt.module.answer_feedback,
            passed=bool(attempt.passed),
            attempts_used=context["availability"].attempts_used,
            attempts_allowed=context["availability"].attempts_allowed,
        )
        context["passed_later"] = (
            not attempt.passed
            and AssessmentAttempt.objects.filter(
                user=request.user, module=attempt.module, passed=True
            ).exists()
        )
        context["completion"] = request.user.module_completions.filter(
            module=attempt.module
        ).first()
        return render(request, "lms/learning/attempt_result.html", context)
    return render(request, "lms/learning/attempt.html", context)


def _posted_answers(request, attempt) -> dict[str, list[str]]:
    return {key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}


@role_required(Role.TRAINEE)
@require_POST
def attempt_answer(request, pk):
    """Save one answer as it is chosen (htmx), so a dropped connection loses nothing."""
    attempt = _own_attempt(request, pk)
    question_id = request.POST.get("question", "")
    try:
        learning.attempt_answer(
            user=request.user,
            attempt=attempt,
            question_id=question_id,
            option_ids=request.POST.getlist(f"q-{question_id}"),
        )
    except (ValidationError, PermissionDenied) as error:
        return render(
            request,
            "lms/learning/includes/save_status.html",
            {"error": _error_text(error)},
            status=400,
        )
    return render(request, "lms/learning/includes/save_status.html", {"saved_at": timezone.now()})


@role_required(Role.TRAINEE)
@require_POST
def attempt_submit(request, pk):
    attempt = _own_attempt(request, pk)
    try:
        attempt = learning.attempt_submit(
            user=request.user, attempt=attempt, answers=_posted_answers(request, attempt)
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        attempt.refresh_from_db()
        context = {"attempt": attempt, "module": attempt.module, "rows": _question_rows(attempt)}
        template = "lms/learning/attempt.html" if attempt.is_open else None
        if template is None:
            context["availability"] = learning.attempt_availability(
                user=request.user, module=attempt.module
            )
            template = "lms/learning/attempt_result.html"
        return render(request, template, context, status=400)
    return redirect("lms:attempt", pk=attempt.pk)


# ------------------------------------------------------------------------------
# Transcript, reminders, verification
# ------------------------------------------------------------------------------
@role_required(Role.TRAINEE)
def transcript(request):
    return render(
        request,
        "lms/learning/transcript.html",
        {"transcript": transcript_for(user=request.user)},
    )


@role_required(Role.TRAINEE)
def transcript_pdf(request):
    context = transcript_pdf_context(user=request.user)
    return pdf_response(
        request,
        template=TRANSCRIPT_PDF_TEMPLATE,
        context=context,
        filename=f"peerpath-transcript-{context['issue'].code}.pdf",
        language=document_language(request, holder=request.user),
    )


@role_required(Role.TRAINEE)
@require_http_methods(["GET", "POST"])
def reminders(request):
    preference = LearningPreference.objects.filter(user=request.user).first()
    form = LearningPreferenceForm(
        request.POST or None, instance=preference or LearningPreference(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        learning.learning_preference_set(
            user=request.user,
            reminders_enabled=form.cleaned_data["reminders_enabled"],
            reminder_every_days=form.cleaned_data["reminder_every_days"],
        )
        messages.success(
            request,
            _("Reminders are on. Turn them off here any time.")
            if form.cleaned_data["reminders_enabled"]
            else _("Reminders are off. We will not email you about your learning."),
        )
        return redirect("lms:learn_home")
    return render(request, "lms/learning/reminders.html", {"form": form})


def verify(request, code=None):
    """Public: confirm a code printed on a transcript (or, via plug-ins, a credential)."""
    if code is None:
        form = VerifyForm(request.GET if "code" in request.GET else None)
        if form.is_valid():
            return redirect(
                "lms:verify", code=verification.normalise_code(form.cleaned_data["code"])
            )
        return render(
            request,
            "lms/learning/verify_form.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    normalised = verification.normalise_code(code)
    return personal_pages.verified_page(
        request,
        code=normalised,
        resolve=lambda: verification.resolve(code),
        render=lambda document: render(
            request,
            "lms/learning/verify.html",
            {
                "code": normalised,
                "document": document,
                "status_label": verification.status_label(document) if document else "",
            },
            status=200 if document else 404,
        ),
    )


# ------------------------------------------------------------------------------
# Staff: cohorts
# ------------------------------------------------------------------------------
def _staff_cohort(request, pk) -> Cohort:
    return get_object_or_404(
        Cohort.objects.select_related("organization", "program").filter(
            organization__in=access.staffed_organizations(request.user)
        ),
        pk=pk,
    )


@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def cohort_list(request):
    organizations = access.staffed_organizations(request.user)
    form = CohortForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = learning_cohorts.cohort_create(
                organization=form.cleaned_data["organization"],
                name=form.cleaned_data["name"],
                program=form.cleaned_data["program"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Cohort “%(name)s” created.") % {"name": cohort.name})
            return redirect("lms:cohort", pk=cohort.pk)
    cohorts = (
        Cohort.objects.filter(organization__in=organizations)
        .select_related("program", "organization")
        .order_by("-starts_on", "name")
    )
    return render(
        request,
        "lms/learning/cohort_list.html",
        {"cohorts": cohorts, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _render_cohort(request, cohort, *, status=200, **extra):
    context = {
        "cohort": cohort,
        "enrollments": learning_selectors.cohort_members(cohort=cohort),
        "module_count": ModulePage.objects.child_of(cohort.program).live().count(),
        "pending_invitations": cohort.invitations.filter(
            invitation__accepted_at__isnull=True
        ).select_related("invitation"),
        "enrol_form": CohortEnrolForm(cohort=cohort),
        "import_form": CohortImportForm(),
        **extra,
    }
    return render(request, "lms/learning/cohort.html", context, status=status)


@role_required(*STAFF_ROLES)
def cohort_detail(request, pk):
    return _render_cohort(request, _staff_cohort(request, pk))


@role_required(*STAFF_ROLES)
@require_POST
def cohort_enrol(request, pk):
    cohort = _staff_cohort(request, pk)
    form = CohortEnrolForm(request.POST, cohort=cohort)
    if not form.is_valid():
        return _render_cohort(request, cohort, status=400, enrol_form=form)
    try:
        enrollments = learning_cohorts.cohort_enroll(
            cohort=cohort, trainees=form.cleaned_data["trainees"], enrolled_by=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        form.add_error(None, _error_text(error))
        return _render_cohort(request, cohort, status=400, enrol_form=form)
    messages.success(request, _("%(count)d trainees enrolled.") % {"count": len(enrollments)})
    return redirect("lms:cohort", pk=cohort.pk)


@role_required(*STAFF_ROLES)
@require_POST
def cohort_import(request, pk):
    """Upload a CSV; with no errors it is imported at once, otherwise nothing until confirmed."""
    cohort = _staff_cohort(request, pk)
    if "csv_text" in request.POST:
        confirm = CohortImportConfirmForm(request.POST)
        if not confirm.is_valid():
            raise Http404
        text, skip_errors = confirm.cleaned_data["csv_text"], True
    else:
        form = CohortImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return _render_cohort(request, cohort, status=400, import_form=form)
        try:
            text = learning_cohorts.decode_csv_upload(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return _render_cohort(request, cohort, status=400, import_form=form)
        skip_errors = False
    result = learning_cohorts.cohort_import_apply(
        cohort=cohort, actor=request.user, text=text, skip_errors=skip_errors
    )
    if result.applied:
        messages.success(
            request,
            _(
                "Import done: %(enrolled)d enrolled, %(invited)d invited, "
                "%(already)d already enrolled."
            )
            % {
                "enrolled": result.count(learning_cohorts.ImportOutcome.ENROLLED),
                "invited": result.count(learning_cohorts.ImportOutcome.INVITED),
                "already": result.count(learning_cohorts.ImportOutcome.ALREADY_ENROLLED),
            },
        )
    return _render_cohort(
        request,
        cohort,
        status=200 if result.applied else 400,
        import_result=result,
        confirm_form=CohortImportConfirmForm(initial={"csv_text": text})
        if not result.applied and not result.problem
        else None,
    )
