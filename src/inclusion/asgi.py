"""The ASGI application for uvicorn: settings from the environment, checked first, so
that a bad setting ends the process with its line rather than a traceback."""

from inclusion.app import create_app
from inclusion.preflight import settings_or_exit

app = create_app(settings_or_exit())
