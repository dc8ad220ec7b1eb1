"""Live-training pages: trainees register and check in, facilitators take attendance and sign,
staff schedule. Thin: services hold the rules, selectors the reads, ``lms.access`` the scope
(someone else's session answers 404)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

import segno

from curriculum.hours import format_hours
from lms import access, personal_pages
from lms.accounts.models import STAFF_ROLES, Role, User
from lms.decorators import role_required
from lms.live_training import rosters, selectors, services
from lms.live_training.calendar import calendar_file
from lms.live_training.credit import effective_attendance
from lms.live_training.forms import (
    CancelSessionForm,
    CorrectionForm,
    MarkForm,
    SeriesForm,
    SessionEditForm,
    SessionForm,
    SignRosterForm,
    WalkInForm,
)
from lms.live_training.models import (
    AttendanceModality,
    AttendanceStatus,
    CalendarFeed,
    LiveAttendance,
    LiveRegistration,
    LiveSession,
    RegistrationStatus,
)
from lms.live_training.tokens import (
    WINDOW_SECONDS,
    TokenProblem,
    check_in_token,
    read_check_in_token,
    window_ends_at,
    window_of,
)

FACILITATING_ROLES = (Role.FACILITATOR, *STAFF_ROLES)


def _error_text(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# ------------------------------------------------------------------------------
# Trainees
# ------------------------------------------------------------------------------
@role_required(Role.TRAINEE)
def sessions(request):
    context = {
        "sessions": selectors.trainee_sessions(user=request.user),
        "has_feed": CalendarFeed.objects.filter(
            user=request.user, revoked_at__isnull=True
        ).exists(),
    }
    return render(request, "lms/live/sessions.html", context)


def _trainee_session(request, pk) -> LiveSession:
    session = selectors.session_for_trainee(user=request.user, pk=pk)
    if session is None:
        raise Http404
    return session


@role_required(Role.TRAINEE)
def session_detail(request, pk):
    session = _trainee_session(request, pk)
    registration = session.my_registration
    context = {
        "session": session,
        "registration": registration,
        "is_registered": registration is not None
        and registration.status == RegistrationStatus.REGISTERED,
        "is_waiting": registration is not None
        and registration.status == RegistrationStatus.WAITLISTED,
        "can_cancel": registration is not None
        and registration.status != RegistrationStatus.CANCELLED
        and timezone.now() < session.starts_at,
        "registration_open": not session.is_cancelled
        and timezone.now() < session.registration_closes_at,
    }
    return render(request, "lms/live/session.html", context)


@role_required(Role.TRAINEE)
@require_POST
def session_register(request, pk):
    session = _trainee_session(request, pk)
    try:
        registration = services.live_registration_create(trainee=request.user, session=session)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You have a seat. See you there."))
        else:
            messages.info(
                request,
                _(
                    "The session is full, so you are on the waiting list. If a seat opens, it "
                    "is yours and we let you know."
                ),
            )
    return redirect("lms:live_session", pk=session.pk)


@role_required(Role.TRAINEE)
@require_POST
def session_cancel(request, pk):
    session = _trainee_session(request, pk)
    try:
        services.live_registration_cancel(trainee=request.user, session=session)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Your registration is cancelled. You can register for another session any time."),
        )
    return redirect("lms:live_session", pk=session.pk)


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def session_ics(request, pk):
    """One session's calendar file, for someone who may see it (a trainee of its organisation,
    or someone who runs it); the meeting link only for people registered or running it."""
    session = access.live_sessions_run_by(request.user).filter(pk=pk).select_related("module")
    session = session.first()
    shows_link = session is not None
    if session is None:
        session = (
            access.live_sessions_open_to_trainee(request.user)
            .filter(pk=pk)
            .select_related("module")
            .first()
        )
        if session is None:
            raise Http404
        shows_link = LiveRegistration.objects.filter(
            session=session, trainee=request.user, status=RegistrationStatus.REGISTERED
        ).exists()
    text = calendar_file(
        [session],
        name=session.display_title,
        links_for={session.pk} if shows_link else set(),
        url_for=lambda item: reverse("lms:live_session", args=[item.pk]),
    )
    return _ics_response(text, f"session-{session.pk}.ics")


@role_required(Role.TRAINEE, *FACILITATING_ROLES)
@require_http_methods(["GET", "POST"])
def calendar_feed(request):
    """Create (or replace) and revoke the secret calendar feed address."""
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("lms:calendar_feed")
        _feed, token = services.calendar_feed_create(user=request.user)
        new_url = request.build_absolute_uri(reverse("lms:calendar_feed_ics", args=[token]))
    has_feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).exists()
    return render(
        request, "lms/live/calendar_feed.html", {"new_url": new_url, "has_feed": has_feed}
    )


@never_cache
def calendar_feed_ics(request, token):
    """The feed a calendar application subscribes to; the secret in the address is the key."""
    user = services.calendar_feed_owner(token)
    if user is None:
        raise Http404
    sessions_list = selectors.calendar_sessions(user=user)
    registered = set(
        LiveRegistration.objects.filter(
            trainee=user, status=RegistrationStatus.REGISTERED
        ).values_list("session_id", flat=True)
    )
    facilitated = set(user.facilitated_sessions.values_list("pk", flat=True))
    text = calendar_file(
        sessions_list,
        name=_("PeerPath live sessions"),
        links_for=registered | facilitated,
        url_for=lambda item: (
            reverse("lms:facilitate_session", args=[item.pk])
            if item.pk in facilitated
            else reverse("lms:live_session", args=[item.pk])
        ),
    )
    return _ics_response(text, "peerpath.ics")


# ------------------------------------------------------------------------------
# Check-in: the page the QR code opens on a trainee's phone
# ------------------------------------------------------------------------------
CHECK_IN_MESSAGES = {
    "checked_in": lambda: _("You are checked in. Welcome!"),
    "checked_out": lambda: _("You are checked out. Thank you for coming."),
    "already_in": lambda: _(
        "You are already checked in. When you leave, scan the code again to check out."
    ),
    "already_out": lambda: _(
        "You already checked out. If you came back, please tell the facilitator."
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    """GET shows what the code is for and a button (link previews never check anyone in);
    POST checks in or out. Every refusal says why, kindly, and records nothing."""
    context = {"token": token}
    status = 200
    if request.method == "POST":
        try:
            result = services.attendance_check_in(trainee=request.user, token=token)
        except ValidationError as error:
            context["problem"] = _error_text(error)
            status = 400
        else:
            context["result"] = CHECK_IN_MESSAGES[result.action]()
            context["session"] = result.session
            context["action"] = result.action
    else:
        try:
            parsed = read_check_in_token(token)
        except TokenProblem as problem:
            context["problem"] = services.TOKEN_MESSAGES[problem.code]()
            status = 400
        else:
            session = LiveSession.objects.select_related("module").filter(pk=parsed.session_id)
            context["session"] = session.first()
            if context["session"] is None:
                context["problem"] = services.TOKEN_MESSAGES["forged"]()
                status = 400
            else:
                context["attendance"] = LiveAttendance.objects.filter(
                    session=context["session"], trainee=request.user
                ).first()
    return render(request, "lms/live/check_in.html", context, status=status)


# ------------------------------------------------------------------------------
# Facilitators
# ------------------------------------------------------------------------------
def _run_session(request, pk) -> LiveSession:
    return get_object_or_404(
        access.live_sessions_run_by(request.user).select_related("module", "organization"),
        pk=pk,
    )


@role_required(*FACILITATING_ROLES)
def facilitate_home(request):
    return render(
        request,
        "lms/live/facilitate_home.html",
        {"sessions": selectors.facilitator_sessions(user=request.user)},
    )


def _check_in_code(request, session: LiveSession) -> dict:
    now = timezone.now()
    token = check_in_token(session_id=session.pk, at=now)
    # The code changes with the window: a kept roster page is kept no longer than its code.
    personal_pages.good_until(request, window_ends_at(window_of(now)))
    url = request.build_absolute_uri(reverse("lms:live_check_in", args=[token]))
    svg = segno.make(url, error="m").svg_inline(scale=6, border=2, omitsize=True)
    return {"check_in_url": url, "qr_svg": svg, "window_seconds": WINDOW_SECONDS}


def _facilitate_context(request, session: LiveSession, **extra) -> dict:
    roster = selectors.roster_for(session)
    context = {
        "session": session,
        "roster": roster,
        "projector": request.GET.get("display") == "projector",
        "sign_form": SignRosterForm(),
        "walk_in_form": WalkInForm(candidates=selectors.walk_in_candidates(session)),
        "attendance_open": not roster.is_signed and not session.is_cancelled,
        "status_choices": AttendanceStatus.choices,
        "modality_choices": AttendanceModality.choices,
        **extra,
    }
    if context["attendance_open"]:
        context.update(_check_in_code(request, session))
    return context


@personal_pages.kept_for_person(organization_wide=True)
@role_required(*FACILITATING_ROLES)
def facilitate_session(request, pk):
    session = _run_session(request, pk)
    return render(
        request, "lms/live/facilitate_session.html", _facilitate_context(request, session)
    )


@role_required(*FACILITATING_ROLES)
@never_cache
def facilitate_code(request, pk):
    """The QR code fragment the attendance screen reloads every few seconds (htmx)."""
    session = _run_session(request, pk)
    roster = selectors.roster_for(session)
    context = {"session": session, "roster": roster}
    if not roster.is_signed and not session.is_cancelled:
        context.update(_check_in_code(request, session))
    return render(request, "lms/live/_check_in_code.html", context)


@role_required(*FACILITATING_ROLES)
@require_POST
def facilitate_mark(request, pk):
    session = _run_session(request, pk)
    form = MarkForm(request.POST)
    trainee = User.objects.filter(pk=request.POST.get("trainee")).first()
    if trainee is None or not form.is_valid():
        messages.error(request, _("Choose a status and the minutes attended."))
    else:
        try:
            rosters.attendance_mark(
                actor=request.user,
                session=session,
                trainee=trainee,
                status=form.cleaned_data["status"],
                minutes=form.cleaned_data["minutes"],
                modality=form.cleaned_data["modality"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Saved for %(name)s.") % {"name": trainee.display_name})
    return redirect(reverse("lms:facilitate_session", args=[session.pk]) + "#roster")


@role_required(*FACILITATING_ROLES)
@require_POST
def facilitate_walk_in(request, pk):
    session = _run_session(request, pk)
    form = WalkInForm(request.POST, candidates=selectors.walk_in_candidates(session))
    if not form.is_valid():
        messages.error(request, _("Choose the person who came."))
    else:
        trainee = form.cleaned_data["trainee"]
        try:
            rosters.attendance_mark(
                actor=request.user,
                session=session,
                trainee=trainee,
                status="present",
                walk_in=True,
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s is on the roster as a walk-in.") % {"name": trainee.display_name},
            )
    return redirect(reverse("lms:facilitate_session", args=[session.pk]) + "#roster")


@role_required(*FACILITATING_ROLES)
@require_POST
def facilitate_sign(request, pk):
    session = _run_session(request, pk)
    form = SignRosterForm(request.POST)
    if form.is_valid():
        try:
            rosters.roster_sign(
                actor=request.user,
                session=session,
                signature=form.cleaned_data["signature"],
                attested=form.cleaned_data["attestation"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The roster is signed. The hours attended are credited to each person."),
            )
            return redirect("lms:facilitate_session", pk=session.pk)
    context = _facilitate_context(request, session, sign_form=form)
    return render(request, "lms/live/facilitate_session.html", context, status=400)


@role_required(*FACILITATING_ROLES)
@require_http_methods(["GET", "POST"])
def facilitate_correct(request, pk):
    attendance = get_object_or_404(
        LiveAttendance.objects.filter(
            session__in=access.live_sessions_run_by(request.user), signed_at__isnull=False
        ).select_related("session__module", "trainee"),
        pk=pk,
    )
    current = effective_attendance(attendance)
    form = CorrectionForm(
        request.POST or None,
        initial={
            "status": current.status,
            "minutes": current.minutes,
            "modality": current.modality,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rosters.attendance_correct(
                actor=request.user,
                attendance=attendance,
                status=data["status"],
                minutes=data["minutes"],
                modality=data["modality"],
                reason=data["reason"],
                signature=data["signature"],
                attested=data["attestation"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The correction is signed and recorded."))
            return redirect("lms:facilitate_session", pk=attendance.session_id)
    return render(
        request,
        "lms/live/correct.html",
        {"attendance": attendance, "current": current, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------------------
# Staff: scheduling and reports
# ------------------------------------------------------------------------------
@role_required(*STAFF_ROLES)
def staff_sessions(request):
    past = request.GET.get("when") == "past"
    return render(
        request,
        "lms/live/staff_sessions.html",
        {
            "sessions": selectors.organization_sessions(user=request.user, past=past)[:200],
            "past": past,
        },
    )


@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_session_new(request):
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.live_session_schedule(actor=request.user, **form.service_values())
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The session is scheduled."))
            return redirect("lms:staff_session", pk=session.pk)
    return render(
        request,
        "lms/live/staff_session_form.html",
        {"form": form, "heading": _("Schedule a live session")},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_series_new(request):
    form = SeriesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.live_series_schedule(
                actor=request.user, plan=form.plan(), **form.common_values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(count)s sessions are scheduled.") % {"count": series.sessions.count()},
            )
            return redirect("lms:staff_sessions")
    return render(
        request,
        "lms/live/staff_session_form.html",
        {"form": form, "heading": _("Schedule a series of sessions")},
        status=400 if form.is_bound and form.errors else 200,
    )


def _scheduled_session(request, pk) -> LiveSession:
    return get_object_or_404(
        selectors.with_seat_counts(access.live_sessions_scheduled_by(request.user)).select_related(
            "module", "organization"
        ),
        pk=pk,
    )


@personal_pages.kept_for_person(organization_wide=True)
@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_session(request, pk):
    session = _scheduled_session(request, pk)
    form = SessionEditForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.live_session_update(
                actor=request.user, session=session, **form.service_values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Saved. The people registered hear about any new time or place.")
            )
            return redirect("lms:staff_session", pk=session.pk)
    return render(
        request,
        "lms/live/staff_session.html",
        {"session": session, "form": form, "cancel_form": CancelSessionForm()},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*STAFF_ROLES)
@require_POST
def staff_session_cancel(request, pk):
    session = _scheduled_session(request, pk)
    form = CancelSessionForm(request.POST)
    if form.is_valid():
        try:
            services.live_session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The session is cancelled; everyone registered hears why."))
            return redirect("lms:staff_session", pk=session.pk)
    else:
        messages.error(request, _("Say in a few words why, so the people registered understand."))
    return redirect("lms:staff_session", pk=session.pk)


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return response


@role_required(*STAFF_ROLES)
def staff_session_csv(request, pk):
    session = _scheduled_session(request, pk)
    roster = selectors.roster_for(session)
    header = [
        _("Name"),
        _("Registered"),
        _("Walk-in"),
        _("Attendance"),
        _("Minutes attended"),
        _("Attended"),
        _("Hours credited"),
        _("Corrected"),
        _("Signed"),
    ]
    labels = dict(LiveAttendance._meta.get_field("status").choices)
    modalities = dict(LiveAttendance._meta.get_field("modality").choices)
    rows = [
        [
            row.trainee.display_name,
            _("yes") if row.registration else _("no"),
            _("yes") if row.walk_in else _("no"),
            labels.get(row.status, ""),
            row.minutes,
            modalities.get(row.modality, ""),
            format_hours(row.credit_hours),
            _("yes") if row.corrected else _("no"),
            _("yes") if roster.is_signed else _("no"),
        ]
        for row in roster.rows
    ]
    return _csv_response(f"attendance-session-{session.pk}.csv", header, rows)


@role_required(*STAFF_ROLES)
def staff_person_csv(request, pk):
    person = get_object_or_404(access.people_visible_to(request.user), pk=pk)
    labels = dict(LiveAttendance._meta.get_field("status").choices)
    modalities = dict(LiveAttendance._meta.get_field("modality").choices)
    staffed = set(access.staffed_organizations(request.user).values_list("pk", flat=True))
    rows = []
    for attendance in selectors.trainee_attendance(person=person):
        session = attendance.session
        if not request.user.is_superuser and session.organization_id not in staffed:
            continue
        current = effective_attendance(attendance)
        rows.append(
            [
                session.local_starts_at.strftime("%Y-%m-%d %H:%M"),
                session.module.title,
                session.part,
                labels.get(current.status, ""),
                current.minutes,
                modalities.get(current.modality, ""),
                _("yes") if current.corrected else _("no"),
            ]
        )
    header = [
        _("Session starts"),
        _("Module"),
        _("Part"),
        _("Attendance"),
        _("Minutes attended"),
        _("Attended"),
        _("Corrected"),
    ]
    return _csv_response(f"attendance-person-{person.pk}.csv", header, rows)
