# syntax=docker/dockerfile:1
# The production image: the package, its templates, static files and translations, and
# nothing else (no tests, no dev tools), run as an unprivileged user.
# Not built on the machine where it was written (no container engine there): see
# docs/deployment.md before relying on it.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Dependencies first, from pyproject.toml alone, so that a code change reuses this layer.
COPY pyproject.toml README.md ./
# An editable install: the app finds templates/, static/ and locales/ next to src/
# (settings.PROJECT_ROOT), so the code lives in /app/src rather than in site-packages.
RUN mkdir -p src/inclusion && touch src/inclusion/__init__.py \
    && pip install --editable . \
    && rm -rf src


FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN groupadd --system --gid 10001 inclusion \
    && useradd --system --uid 10001 --gid inclusion --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin inclusion
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY src ./src
COPY templates ./templates
COPY static ./static
# The .po files are compiled in memory when the app starts: no .mo files to ship.
COPY locales ./locales
# The code belongs to root and cannot be changed by the app; only var/ is writable
# (the SQLite file and session files when a small site runs without PostgreSQL/Redis).
RUN python -m compileall -q src \
    && mkdir -p var && chown inclusion:inclusion var
USER inclusion:inclusion
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["inclusion", "serve", "--host", "0.0.0.0", "--port", "8000"]
