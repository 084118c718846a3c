"""UK postcodes: normalise what a person typed, tell a full postcode from a district.

The format is the one Royal Mail publishes: an outward code (area letters, district
digits, e.g. NE29) and, for a full postcode, an inward code (a digit and two letters,
e.g. 6TE). Letters that never appear in certain positions are excluded, so "NE99 ZZZ"
is well-formed but "NE29 6CI" is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y])"
)
INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"

_FULL = re.compile(rf"^(?P<outward>{OUTWARD})(?P<inward>{INWARD})$")
_DISTRICT = re.compile(rf"^{OUTWARD}$")
_GIRO = "GIR0AA"

# Longer than any postcode with generous spacing; anything longer is not one.
MAX_INPUT_LENGTH = 16


@dataclass(frozen=True)
class PostcodeQuery:
    text: str  # normalised: "NE29 6TE" or "NE29"
    outward: str
    is_full: bool


def parse_postcode(raw: str) -> PostcodeQuery | None:
    """A normalised postcode or district from any case and spacing, or None."""
    if not raw or len(raw) > MAX_INPUT_LENGTH:
        return None
    compact = re.sub(r"\s+", "", raw).upper()
    if compact == _GIRO:
        return PostcodeQuery("GIR 0AA", "GIR", True)
    full = _FULL.match(compact)
    if full:
        outward, inward = full["outward"], full["inward"]
        return PostcodeQuery(f"{outward} {inward}", outward, True)
    if _DISTRICT.match(compact):
        return PostcodeQuery(compact, compact, False)
    return None


def normalise_postcode(raw: str) -> str | None:
    parsed = parse_postcode(raw)
    return parsed.text if parsed and parsed.is_full else None
