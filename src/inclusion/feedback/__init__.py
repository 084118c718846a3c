"""Feedback: "Is this page useful?", feedback about services, triage, "You said, we did"."""
