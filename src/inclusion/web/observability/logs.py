"""Log lines as JSON objects, each carrying the id of the request that caused it.

The request id is kept in a context variable; a log record factory copies it onto
every record when the record is made, in the request's own task or worker thread, so
it survives Litestar's queue handler, which writes records from another thread.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from litestar.logging.config import LoggingConfig

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes a request's own log line carries besides the message.
REQUEST_FIELDS = ("method", "route", "status", "duration_ms")

_plain_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _plain_factory(*args, **kwargs)
    record.request_id = REQUEST_ID.get()
    return record


def install_request_ids() -> None:
    """Stamp every log record with the current request's id (safe to call again)."""
    if logging.getLogRecordFactory() is not _record_with_request_id:
        logging.setLogRecordFactory(_record_with_request_id)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, and for a
    request's own line its method, route template, status and duration."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(log_format: str) -> LoggingConfig:
    """Litestar's logging set-up, with JSON lines when `log_format` is "json".

    uvicorn's own loggers are sent through the same handler, so a log collector reads
    one format; its access log stays off (it would record query strings, which can
    hold a manage link's token): the request line is written by RequestObserver.
    """
    install_request_ids()
    if log_format != "json":
        return LoggingConfig()
    return LoggingConfig(
        formatters={"standard": {"()": f"{__name__}.JsonFormatter"}},
        loggers={
            "litestar": {"level": "INFO", "handlers": ["queue_listener"], "propagate": False},
            "uvicorn": {"level": "INFO", "handlers": ["queue_listener"], "propagate": False},
            "uvicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    )
