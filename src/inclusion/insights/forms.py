"""The impact dashboard's filter: which months and which venue, from the query string."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.insights.figures import venue_choice
from inclusion.insights.labels import DEFAULT_PERIOD, PERIODS
from inclusion.web.forms import Errors, field_text, whole_number


@dataclass
class ImpactFilter:
    period: int = DEFAULT_PERIOD  # months, this one included
    venue_id: int | None = None
    venue_slug: str = ""
    venue_name: str = ""
    errors: Errors = field(default_factory=Errors)

    def query(self) -> str:
        """The filter as a query string, for the download link."""
        chosen = {"period": self.period, **({"venue": self.venue_slug} if self.venue_slug else {})}
        return urlencode(chosen)


def parse_filter(session: Session, params: Mapping[str, Any]) -> ImpactFilter:
    """Read the filter; anything unknown falls back to the default, with a message."""
    impact_filter = ImpactFilter()
    period_text = field_text(params, "period", 3)
    if period_text:
        period = whole_number(period_text)
        if period in PERIODS:
            impact_filter.period = period
        else:
            impact_filter.errors.add("period", _("Choose a period from the list"))
    slug = field_text(params, "venue", 120)
    if slug:
        venue = venue_choice(session, slug)
        if venue is None:
            impact_filter.errors.add("venue", _("Choose a venue from the list"))
        else:
            impact_filter.venue_id, impact_filter.venue_slug, impact_filter.venue_name = venue
    return impact_filter
