"""Places: venues, opening hours, what they offer, postcode geocoding, nearest search."""
