"""Digital-skills sessions: series, booking, waiting lists, reminders and attendance."""
