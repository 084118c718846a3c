"""Site pages: the home page, the accessibility statement and the privacy notice."""
