"""Anonymous daily counts of things no other table records: guidance page views and
finder searches (with or without a place nearby). A count, a day and a key (a page's
path, never a person's postcode): nothing to delete later."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from inclusion.db.base import Base


class DailyCount(Base):
    __tablename__ = "daily_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)
