"""Get Online North Tyneside: the council's digital-inclusion service."""
