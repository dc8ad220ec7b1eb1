"""Supervised practice: agreements, practice log, sessions, sign-off, hours log."""
