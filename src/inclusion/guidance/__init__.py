"""Guidance: online safety, cheaper internet, digital careers and why get online."""
