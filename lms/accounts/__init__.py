"""People, organisations, memberships, invitations, API tokens and sign-in codes."""
