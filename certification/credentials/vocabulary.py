"""The words credential definitions and their requirements share: a version's status, what a
requirement is for, who issues, and the error a change to a version in use raises."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrozenDefinitionError(ValidationError):
    """A change to a credential definition version that is in use."""


FROZEN_MESSAGE = _(
    "This version is in use by an application, so it cannot change. Make a new version "
    "instead (“New version” in the list of credentials)."
)


class DefinitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class RequirementPurpose(models.TextChoices):
    """When a requirement applies: to earn the credential, or to renew it each cycle."""

    INITIAL = "initial", _("To earn the credential")
    RENEWAL = "renewal", _("To renew it (continuing education each cycle)")


class Issuance(models.TextChoices):
    """Who issues a credential (DOMAIN.md, "Who issues what")."""

    BOARD = "board", _("A credentialing body (the board)")
    PROVIDER = "provider", _("The trainee's own organisation (training certificate)")


class IssuanceRoute(models.TextChoices):
    """How an application becomes a credential, from ``CredentialDefinition.route``."""

    PROVIDER = "provider", _("Issued by the training organisation")
    BODY = "body", _("Endorsed, then issued by the credentialing body on PeerPath")
    RECORDED = "recorded", _("Endorsed, then the board's decision is recorded")
