"""Enrolment, progress, attempts, completions and transcripts."""
