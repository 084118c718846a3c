"""create_app(settings): plugins, routers and template set-up, and nothing else."""

from __future__ import annotations

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.di import Provide
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from inclusion import housekeeping
from inclusion.db.engine import Database
from inclusion.feedback.changes_routes import YouSaidWeDidController
from inclusion.feedback.changes_staff_routes import StaffChangesController
from inclusion.feedback.routes import FeedbackController, PageFeedbackController
from inclusion.feedback.staff_routes import StaffFeedbackController
from inclusion.guidance.routes import GuidanceController
from inclusion.guidance.routes_tariffs import CheaperInternetController
from inclusion.guidance.staff_routes import StaffGuidanceController
from inclusion.insights.open_data_routes import OpenDataController
from inclusion.insights.openreferral_routes import OpenReferralController, openapi_config
from inclusion.insights.staff_routes import StaffImpactController
from inclusion.loans.routes import DevicesController, LoansController
from inclusion.loans.staff_routes import StaffLoansController
from inclusion.notify.worker import start_in_app, stop_in_app
from inclusion.pages.routes import PagesController
from inclusion.places.geocoding import OnlineGeocoder
from inclusion.places.routes import PlacesController
from inclusion.places.schedule import london_now
from inclusion.sessions.routes import SessionsController
from inclusion.sessions.routes_bookings import BookingsController
from inclusion.sessions.staff_routes import StaffSessionsController
from inclusion.settings import Settings
from inclusion.staff.routes import StaffController
from inclusion.staff.routes_admin import AuditController, UsersController
from inclusion.staff.routes_sign_in import SignInController
from inclusion.web.dependencies import provide_db_session
from inclusion.web.errors import EXCEPTION_HANDLERS
from inclusion.web.health import healthz, readyz
from inclusion.web.layout import install_layout_globals
from inclusion.web.middleware import LocaleMiddleware, SecurityHeadersMiddleware
from inclusion.web.observability.logs import logging_config
from inclusion.web.observability.metrics import metrics
from inclusion.web.observability.requests import RequestObserver
from inclusion.web.request_checks import before_each_request
from inclusion.web.shared_state import shared_state
from inclusion.web.static_files import STATIC_PREFIX
from inclusion.web.templating import build_environment

ONE_YEAR = 365 * 24 * 3600


def create_app(settings: Settings | None = None, db: Database | None = None) -> Litestar:
    settings = settings or Settings.from_environment()
    db = db or Database.from_url(settings.database_url)
    environment = build_environment(settings.templates_dir, settings.static_dir)
    install_layout_globals(environment)
    geocoder = (
        OnlineGeocoder.named(
            settings.online_geocoder,
            settings.geocoder_user_agent,
            settings.geocoder_timeout_seconds,
        )
        if settings.online_geocoder
        else None
    )
    static_router = create_static_files_router(
        path=STATIC_PREFIX,
        directories=[settings.static_dir],
        name="static",
        # URLs carry a content hash (web/static_files.py), so a file never changes
        # under its URL.
        cache_control=CacheControlHeader(max_age=ONE_YEAR, public=True, immutable=True),
        include_in_schema=False,
    )
    state = State({"settings": settings, "db": db, "clock": london_now, "geocoder": geocoder})
    # Rate-limit windows follow the app's clock, which tests may move.
    state.shared = shared_state(
        settings.redis_url,
        settings.session_dir,
        lambda: state.clock().timestamp(),
        settings.redis_prefix,
    )
    app = Litestar(
        route_handlers=[
            PagesController,
            PlacesController,
            SessionsController,
            BookingsController,
            StaffSessionsController,
            DevicesController,
            LoansController,
            StaffLoansController,
            GuidanceController,
            CheaperInternetController,
            StaffGuidanceController,
            YouSaidWeDidController,
            StaffChangesController,
            StaffFeedbackController,
            StaffImpactController,
            OpenDataController,
            FeedbackController,
            PageFeedbackController,
            SignInController,
            StaffController,
            AuditController,
            UsersController,
            OpenReferralController,
            healthz,
            readyz,
            metrics,
            static_router,
        ],
        dependencies={"db_session": Provide(provide_db_session)},
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment)),
        plugins=[HTMXPlugin()],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_secure=settings.https,
            cookie_samesite="lax",
            exclude=["/api/"],
        ),
        compression_config=CompressionConfig(
            backend="brotli", brotli_gzip_fallback=True, minimum_size=500
        ),
        exception_handlers=EXCEPTION_HANDLERS,
        logging_config=logging_config(settings.log_format),
        before_request=before_each_request,
        on_startup=[start_in_app, housekeeping.start_in_app],
        on_shutdown=[stop_in_app, housekeeping.stop_in_app],
        state=state,
        # The schema documents the API alone: every other route is left out of it.
        openapi_config=openapi_config(),
        include_in_schema=False,
        debug=False,
    )
    # Litestar runs middleware only once a route matches; wrapping the whole handler
    # gives 404 and 405 pages their language and security headers too.
    app.asgi_handler = RequestObserver(
        SecurityHeadersMiddleware(
            LocaleMiddleware(app.asgi_handler, https=settings.https), https=settings.https
        )
    )
    return app
