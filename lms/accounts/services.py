"""Writes that matter for people, organisations and access. Views and tasks call these."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from lms import access, personal_pages
from lms.accounts.models import (
    STAFF_ROLES,
    Invitation,
    JoinRequest,
    Membership,
    Organization,
    PersonalAccessToken,
    Role,
    SelfDescription,
    SignInCode,
    User,
    hash_secret,
)
from lms.accounts.tasks import send_invitation_email
from lms.curriculum_sections import curriculum_role_grant
from lms.emails import absolute_url, send_templated_email
from lms.outbox import send_or_run_here
from lms.signals import audit_announce, invitation_accepted

# Wagtail admin access for RCO staff goes through this group (curriculum permissions add to it).
CURRICULUM_EDITORS_GROUP = "Curriculum editors"


def curriculum_editors_group() -> Group:
    group, created = Group.objects.get_or_create(name=CURRICULUM_EDITORS_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


def preferred_language_set(*, user: User, language: str) -> User:
    """Remember the language a person chose; their pages, emails and documents follow it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("Choose one of the offered languages.")})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


def membership_grant(*, user: User, organization: Organization, role: str) -> Membership:
    """Give a person a role in an organisation (idempotent)."""
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            user=user, organization=organization, role=role
        )
        if role in STAFF_ROLES:
            user.groups.add(curriculum_editors_group())
            curriculum_role_grant(user=user, organization=organization, role=role)
    access.forget_roles(user)
    return membership


def _ensure_staff_of(*, actor: User, organization: Organization) -> None:
    if not access.is_staff_of(actor, organization):
        raise PermissionDenied(_("Only staff of this organisation can do that."))


def invitation_create(
    *, organization: Organization, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """Invite an email address to an organisation with a role.

    Returns the invitation and the raw token (only its digest is stored); the email with the
    link is sent by a task once the transaction commits.
    """
    _ensure_staff_of(actor=invited_by, organization=organization)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    if role == Role.ORG_ADMIN and not (
        invited_by.is_superuser
        or Membership.objects.filter(
            user=invited_by, organization=organization, role=Role.ORG_ADMIN
        ).exists()
    ):
        raise PermissionDenied(_("Only an organisation administrator can invite another one."))
    email = User.objects.normalize_email(email).strip()
    if Membership.objects.filter(
        organization=organization, role=role, user__email__iexact=email
    ).exists():
        raise ValidationError(
            {"email": _("This person already holds that role in your organisation.")}
        )
    token = Invitation.new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            invited_by=invited_by,
            token_digest=hash_secret(token),
            expires_at=timezone.now() + timedelta(days=settings.PEERPATH_INVITATION_DAYS),
        )
        transaction.on_commit(lambda: send_or_run_here(send_invitation_email, invitation.pk, token))
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The still-usable invitation a link points to, or None (used, expired or unknown)."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_digest=hash_secret(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def invitation_accept(
    *, token: str, user: User | None = None, display_name: str = "", password: str = ""
) -> User:
    """Accept an invitation: link it to the signed-in account, or create one.

    The link was delivered to the invited address, so clicking it proves the address: a new
    account's email counts as verified.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(token_digest=hash_secret(token)).first()
        )
        if invitation is None or not invitation.is_usable:
            raise ValidationError(_("This invitation link has already been used or has expired."))
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise ValidationError(
                    _("An account with this email already exists. Please sign in to accept.")
                )
            user = User(email=invitation.email, display_name=display_name)
            user.set_password(password)
            user.full_clean()
            user.save()
            EmailAddress.objects.create(
                user=user, email=invitation.email, primary=True, verified=True
            )
        elif (user.email or "").lower() != invitation.email.lower():
            raise PermissionDenied(
                _("This invitation was sent to another email address than the one you use.")
            )
        membership_grant(user=user, organization=invitation.organization, role=invitation.role)
        invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def trainee_create_without_email(
    *, organization: Organization, display_name: str, created_by: User
) -> User:
    """Staff add a trainee who has no email address; they sign in with a code staff issue."""
    _ensure_staff_of(actor=created_by, organization=organization)
    with transaction.atomic():
        user = User(display_name=display_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
        membership_grant(user=user, organization=organization, role=Role.TRAINEE)
    return user


SIGN_IN_CODE_NOT_FOR_THIS_PERSON = gettext_lazy(
    "A sign-in code can only be issued for someone who is a trainee and nothing else, only in "
    "organisations you staff, and who has no password sign-in or two-factor sign-in of their "
    "own. If they have an email address and password, they can reset the password from the "
    "sign-in page."
)
SIGN_IN_CODE_DID_NOT_WORK = gettext_lazy(
    "This code did not work. It may have been used already or expired. "
    "Please ask your organisation's staff for a new one."
)
SIGN_IN_CODE_REFUSED = gettext_lazy(
    "This code cannot be used for your account, because your account has a role beyond "
    "trainee or a sign-in of its own (a password or two-factor sign-in). Please sign in with "
    "your email and password, or ask your organisation's staff for help."
)


def sign_in_code_obstacle(*, person: User, issuer_organizations) -> str | None:
    """Why a sign-in code must not open this person's account, or None when it may.

    A code skips every other way of proving who someone is, so it is only for people who are
    trainees and nothing else, only in organisations whose staff issue the code
    (``issuer_organizations``), and who have no sign-in of their own: no verified email with
    a password, no second factor. The same rule is checked when a code is issued and again
    when it is redeemed, since roles and sign-in methods can change in between.
    """
    if person.is_superuser or person.is_staff:
        return "administrator"
    memberships = Membership.objects.filter(user=person)
    if memberships.exclude(role=Role.TRAINEE).exists():
        return "role"
    if memberships.exclude(organization__in=issuer_organizations).exists():
        return "organization"
    if Authenticator.objects.filter(user=person).exists():
        return "second_factor"
    if (
        person.has_usable_password()
        and EmailAddress.objects.filter(user=person, verified=True).exists()
    ):
        return "password"
    return None


def sign_in_code_issue(*, trainee: User, organization: Organization, issued_by: User) -> str:
    """Issue a one-time sign-in code for a trainee of the staff member's organisation.

    Any earlier unused code for that trainee stops working, so only the newest is valid.
    """
    _ensure_staff_of(actor=issued_by, organization=organization)
    if not Membership.objects.filter(
        user=trainee, organization=organization, role=Role.TRAINEE
    ).exists():
        raise PermissionDenied(_("This person is not a trainee of your organisation."))
    issuer_organizations = access.staffed_organizations(issued_by)
    if sign_in_code_obstacle(person=trainee, issuer_organizations=issuer_organizations):
        raise PermissionDenied(SIGN_IN_CODE_NOT_FOR_THIS_PERSON)
    code = SignInCode.new_code()
    now = timezone.now()
    with transaction.atomic():
        with personal_pages.announce(people=[trainee.pk]):
            SignInCode.objects.filter(user=trainee, used_at__isnull=True).update(used_at=now)
        sign_in_code = SignInCode.objects.create(
            user=trainee,
            organization=organization,
            issued_by=issued_by,
            code_digest=hash_secret(code),
            expires_at=now + timedelta(hours=settings.PEERPATH_SIGN_IN_CODE_HOURS),
        )
        audit_announce(
            actor=issued_by,
            action="sign_in_code.issue",
            target=sign_in_code,
            after={
                "user_id": trainee.pk,
                "organization_id": organization.pk,
                "expires_at": sign_in_code.expires_at.isoformat(),
            },
        )
    return code


def _sign_in_code_issuer_organizations(sign_in_code: SignInCode):
    """Where the code's issuer is staff today; only its organisation if they were removed."""
    if sign_in_code.issued_by is None:
        return Organization.objects.filter(pk=sign_in_code.organization_id)
    return access.staffed_organizations(sign_in_code.issued_by)


def sign_in_code_redeem(*, code: str) -> User:
    """Spend a one-time sign-in code and return its person.

    Raises ValidationError with code "invalid" when no usable code matches (a wrong guess,
    which the sign-in page throttles), or "refused" when the code was real but the account now
    has a role beyond trainee or a sign-in of its own: a code never skips a second factor. A
    refused code is spent too, and both outcomes of a real code are audited.
    """
    digest = hash_secret(SignInCode.normalise(code))
    with transaction.atomic():
        sign_in_code = (
            SignInCode.objects.select_for_update(of=("self",))
            .select_related("user", "issued_by")
            .filter(code_digest=digest)
            .first()
        )
        if (
            sign_in_code is None
            or sign_in_code.used_at is not None
            or sign_in_code.expires_at <= timezone.now()
            or not sign_in_code.user.is_active
        ):
            raise ValidationError(SIGN_IN_CODE_DID_NOT_WORK, code="invalid")
        person = sign_in_code.user
        obstacle = sign_in_code_obstacle(
            person=person, issuer_organizations=_sign_in_code_issuer_organizations(sign_in_code)
        )
        sign_in_code.used_at = timezone.now()
        sign_in_code.save(update_fields=["used_at"])
        audit_announce(
            actor=person if obstacle is None else None,
            action="sign_in_code.redeem" if obstacle is None else "sign_in_code.refuse",
            target=sign_in_code,
            after={"user_id": person.pk, "refused_because": obstacle},
        )
    if obstacle is not None:
        raise ValidationError(SIGN_IN_CODE_REFUSED, code="refused")
    return person


def access_token_create(
    *, user: User, name: str, scope: str, expires_at=None
) -> tuple[PersonalAccessToken, str]:
    """Create a personal access token; returns it with the secret, which is never shown again."""
    secret = PersonalAccessToken.new_secret()
    token = PersonalAccessToken(
        user=user,
        name=name.strip(),
        scope=scope,
        expires_at=expires_at,
        digest=hash_secret(secret),
        hint=secret[: len(PersonalAccessToken.PREFIX) + 5],
    )
    token.full_clean()
    token.save()
    return token, secret


def access_token_revoke(*, user: User, token_id: int) -> PersonalAccessToken:
    """Revoke one of the person's own tokens (someone else's answers DoesNotExist → 404)."""
    token = PersonalAccessToken.objects.get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# ------------------------------------------------------------------------------
# People who signed up on their own: a request to join an organisation, or starting alone
# ------------------------------------------------------------------------------
def _email_on_commit(*, to: User, template: str, context: dict) -> None:
    if not to.email:
        return
    transaction.on_commit(
        lambda: send_templated_email(
            to=to.email, language=to.preferred_language, template=template, context=context
        )
    )


def join_request_create(*, user: User, organization: Organization) -> JoinRequest:
    """Ask to train with an organisation; its staff hear of it by email. Idempotent."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in first."))
    if Membership.objects.filter(user=user, organization=organization, role=Role.TRAINEE).exists():
        raise ValidationError(
            {"organization": _("You already train with %(name)s.") % {"name": organization.name}}
        )
    with transaction.atomic():
        join_request, created = JoinRequest.objects.get_or_create(
            user=user, organization=organization, status=JoinRequest.Status.PENDING
        )
        if not created:
            return join_request
        audit_announce(
            actor=user,
            action="join_request.create",
            target=join_request,
            after={"organization_id": organization.pk},
        )
        staff = User.objects.filter(
            memberships__organization=organization, memberships__role__in=STAFF_ROLES
        ).distinct()
        link = absolute_url(reverse("lms:staff_home") + "#join-requests")
        for person in staff:
            _email_on_commit(
                to=person,
                template="lms/email/join_request_staff",
                context={"join_request": join_request, "link": link},
            )
        _email_on_commit(
            to=user,
            template="lms/email/join_request_sent",
            context={
                "join_request": join_request,
                "link": absolute_url(reverse("lms:get_started")),
            },
        )
    return join_request


def join_request_accept(*, join_request_id: int, accepted_by: User) -> JoinRequest:
    """Staff accept a request: the person becomes a trainee of the organisation and hears so."""
    with transaction.atomic():
        if not access.join_requests_visible_to(accepted_by).filter(pk=join_request_id).exists():
            raise JoinRequest.DoesNotExist
        join_request = (
            JoinRequest.objects.select_for_update(of=("self",))
            .select_related("user", "organization")
            .get(pk=join_request_id)
        )
        _ensure_staff_of(actor=accepted_by, organization=join_request.organization)
        if join_request.status == JoinRequest.Status.ACCEPTED:
            return join_request
        membership_grant(
            user=join_request.user, organization=join_request.organization, role=Role.TRAINEE
        )
        join_request.status = JoinRequest.Status.ACCEPTED
        join_request.decided_at = timezone.now()
        join_request.decided_by = accepted_by
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        audit_announce(
            actor=accepted_by,
            action="join_request.accept",
            target=join_request,
            after={"user_id": join_request.user_id, "role": Role.TRAINEE},
        )
        _email_on_commit(
            to=join_request.user,
            template="lms/email/join_request_accepted",
            context={"join_request": join_request, "link": absolute_url(reverse("lms:learn_home"))},
        )
    return join_request


def independent_learning_organization() -> Organization:
    """The statewide home of people who learn on their own, without an RCO."""
    organization, _created = Organization.objects.get_or_create(
        slug=settings.PEERPATH_INDEPENDENT_LEARNERS_SLUG,
        defaults={"name": gettext_lazy("Independent learners (statewide)")},
    )
    return organization


def independent_learning_start(*, user: User) -> Membership:
    """Start learning alone: the person becomes a trainee among the statewide independent
    learners and can enrol in any open program at once."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in first."))
    with transaction.atomic():
        organization = independent_learning_organization()
        membership = membership_grant(user=user, organization=organization, role=Role.TRAINEE)
        audit_announce(
            actor=user,
            action="independent_learning.start",
            target=membership,
            after={"organization_id": organization.pk},
        )
    return membership


LOGO_MAX_BYTES = 2 * 1024 * 1024


def organization_certificate_update(
    *,
    organization: Organization,
    actor: User,
    ce_provider_number: str,
    signatory_name: str,
    signatory_title: str,
    logo=None,
    remove_logo: bool = False,
) -> Organization:
    """An organisation administrator sets what its certificates print: the logo, the
    signatory and the continuing education provider number (audited)."""
    if not (actor.is_superuser or access.holds_role_in(actor, organization, Role.ORG_ADMIN)):
        raise PermissionDenied(_("Only an administrator of the organisation can change this."))
    if logo is not None and logo.size > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("This picture is larger than 2 MB. Send a smaller one.")})
    if signatory_title.strip() and not signatory_name.strip():
        raise ValidationError({"signatory_name": _("Give the name that goes with the title.")})
    with transaction.atomic():
        organization.ce_provider_number = ce_provider_number.strip()
        organization.signatory_name = signatory_name.strip()
        organization.signatory_title = signatory_title.strip()
        if remove_logo:
            organization.logo = ""
        elif logo is not None:
            organization.logo = logo
        organization.full_clean()
        organization.save()
        audit_announce(
            actor=actor,
            action="organization.certificate",
            target=organization,
            after={
                "ce_provider_number": organization.ce_provider_number,
                "signatory_name": organization.signatory_name,
                "signatory_title": organization.signatory_title,
                "logo": organization.logo.name if organization.logo else "",
            },
        )
    return organization


def badge_identity_set(*, user: User, did: str) -> User:
    """Set (or clear) the DID the person's Open Badges name as their subject."""
    did = (did or "").strip()
    if did:
        try:
            User._meta.get_field("badge_did").run_validators(did)
        except ValidationError as error:
            raise ValidationError({"badge_did": error.messages}) from error
    user.badge_did = did
    user.save(update_fields=["badge_did"])
    return user


def self_description_save(*, user: User, answers: dict) -> SelfDescription | None:
    """Keep the person's answers; with none left, keep nothing (the row is deleted)."""
    cleaned = {name: answers.get(name) or "" for name in SelfDescription.QUESTIONS}
    for name, value in cleaned.items():
        field = SelfDescription._meta.get_field(name)
        if value and value not in dict(field.choices):
            raise ValidationError({name: _("Please choose one of the answers listed.")})
    if not any(cleaned.values()):
        self_description_delete(user=user)
        return None
    description, _created = SelfDescription.objects.update_or_create(user=user, defaults=cleaned)
    return description


def self_description_delete(*, user: User) -> int:
    deleted, _by_model = SelfDescription.objects.filter(user=user).delete()
    return deleted
