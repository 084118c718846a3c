"""Move the whole data set between databases: `inclusion export` and `inclusion import`.

A council that starts on the embedded SQLite database moves to PostgreSQL by exporting
every table to one portable file and importing it into a freshly migrated database.
"""


class TransferError(Exception):
    """A reason to stop an export or import, worded for the person running it."""
