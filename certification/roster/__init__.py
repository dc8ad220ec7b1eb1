"""The staff trainee roster: an organisation's trainees with their progress."""
