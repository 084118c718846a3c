"""Insights: impact figures per strategy goal, open data and the Open Referral UK API."""
