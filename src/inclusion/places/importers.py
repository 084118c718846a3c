"""Command-line importers: the national libraries file and ONS postcode files.

Both stream their input, write in batches and report what they loaded, skipped and why,
so a 2.7-million-row postcode file loads in bounded memory.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from inclusion.places.models import Need, Organisation, Place, PlaceService, Postcode
from inclusion.places.postcodes import normalise_postcode

LIBRARIES_SOURCE = "libraries-2017"
BATCH_SIZE = 5000


@dataclass
class ImportSummary:
    loaded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100]


def _float(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number


def _library_organisation(session: Session) -> Organisation:
    slug = "england-public-libraries"
    organisation = session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if organisation is None:
        organisation = Organisation(
            slug=slug,
            name="Public libraries in England",
            description="Imported from the libraries taskforce core dataset (2017).",
        )
        session.add(organisation)
        session.flush()
    return organisation


def import_libraries(session: Session, rows: Iterable[dict[str, str]]) -> ImportSummary:
    """Upsert libraries keyed on their id in the file; closed ones and those without
    coordinates are skipped and counted. Public libraries offer free Wi-Fi and PCs
    (the People's Network), so each gets those two services.
    """
    summary = ImportSummary()
    organisation = _library_organisation(session)
    existing = dict(
        session.execute(
            select(Place.external_id, Place.id).where(Place.source == LIBRARIES_SOURCE)
        ).all()
    )
    for row in rows:
        external_id = (row.get("id") or "").strip()
        name = (row.get("name") or "").strip()
        if not external_id or not name:
            summary.skip("no id or name")
            continue
        if (row.get("closed") or "").strip():
            summary.skip("closed")
            continue
        latitude, longitude = _float(row.get("lat")), _float(row.get("lng"))
        if latitude is None or longitude is None:
            summary.skip("no coordinates")
            continue
        values = {
            "name": name[:200],
            "kind": "library",
            "address": (row.get("address") or "").strip()[:300],
            "postcode": normalise_postcode(row.get("postcode") or ""),
            "latitude": latitude,
            "longitude": longitude,
            "url": (row.get("url") or "").strip()[:300] or None,
            "email": (row.get("email") or "").strip()[:254] or None,
        }
        if external_id in existing:
            place = session.get(Place, existing[external_id])
            for key, value in values.items():
                setattr(place, key, value)
        else:
            place = Place(
                slug=f"{_slugify(name)}-{external_id}",
                organisation=organisation,
                source=LIBRARIES_SOURCE,
                external_id=external_id,
                check_before_use=["Imported from 2017 national data; check before use."],
                services=[PlaceService(kind=Need.WIFI), PlaceService(kind=Need.PUBLIC_PCS)],
                **values,
            )
            session.add(place)
        summary.loaded += 1
    session.flush()
    return summary


def read_csv(handle: TextIO) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(handle)


def _postcode_insert(session: Session):
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Postcode)
    return statement.on_conflict_do_update(
        index_elements=[Postcode.postcode],
        set_={"latitude": statement.excluded.latitude, "longitude": statement.excluded.longitude},
    )


def import_postcodes(
    session: Session, rows: Iterable[dict[str, str]], replace: bool = False
) -> ImportSummary:
    """Load ONS Postcode Directory / NSPL rows (columns pcds, lat, long).

    Terminated postcodes (a `doterm` date) are skipped; ONS marks postcodes with no
    grid reference with latitude 99.999999, and those are skipped too.
    """
    summary = ImportSummary()
    if replace:
        session.execute(delete(Postcode))
    statement = _postcode_insert(session)
    batch: list[dict[str, object]] = []
    for row in rows:
        postcode = normalise_postcode(row.get("pcds") or row.get("pcd") or "")
        if postcode is None:
            summary.skip("not a valid postcode")
            continue
        if (row.get("doterm") or "").strip():
            summary.skip("terminated")
            continue
        latitude, longitude = _float(row.get("lat")), _float(row.get("long"))
        if latitude is None or longitude is None or abs(latitude) > 90:
            summary.skip("no coordinates")
            continue
        batch.append({"postcode": postcode, "latitude": latitude, "longitude": longitude})
        if len(batch) >= BATCH_SIZE:
            session.execute(statement, batch)
            summary.loaded += len(batch)
            batch.clear()
    if batch:
        session.execute(statement, batch)
        summary.loaded += len(batch)
    return summary


def count_rows(path: Path) -> int:
    """Data rows in a CSV file (for the progress bar), without parsing it."""
    with path.open("rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)
