"""ASGI middleware every response passes through: language choice and security headers."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from inclusion.i18n.locales import find_site_locale
from inclusion.i18n.negotiation import LANGUAGE_COOKIE, negotiate
from inclusion.i18n.translations import use_locale

ONE_YEAR = 365 * 24 * 3600

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _is_https(scope: Scope, always_https: bool) -> bool:
    return always_https or scope.get("scheme") == "https"


def _sending_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    """`send`, with `extra` headers added to the response start."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return send_with_headers


class LocaleMiddleware:
    """Sets the request's locale; `?lang=` also sets a cookie so the choice sticks."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        requested = find_site_locale((query.get("lang") or [None])[0])
        cookies = SimpleCookie()
        try:
            cookies.load(_header(scope, b"cookie") or "")
        except Exception:  # a malformed cookie header is ignored, not an error
            cookies = SimpleCookie()
        cookie = cookies[LANGUAGE_COOKIE].value if LANGUAGE_COOKIE in cookies else None
        locale = negotiate(
            requested.code if requested else None, cookie, _header(scope, b"accept-language")
        )
        headers = [
            (b"content-language", locale.tag.encode()),
            (b"vary", b"Accept-Language, Cookie"),
        ]
        if requested and cookie != requested.code:
            secure = "; Secure" if _is_https(scope, self.https) else ""
            value = (
                f"{LANGUAGE_COOKIE}={requested.code}; Path=/; Max-Age={ONE_YEAR};"
                f" SameSite=Lax{secure}"
            )
            headers.append((b"set-cookie", value.encode()))
        with use_locale(locale.code):
            await self.app(scope, receive, _sending_headers(send, headers))


SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(self), camera=(), microphone=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = SECURITY_HEADERS + ([HSTS] if _is_https(scope, self.https) else [])
        if scope.get("path", "").startswith("/staff"):
            # Back-office pages hold staff and venue details: never keep them in a cache,
            # nor in the history of a shared library computer.
            headers = [*headers, (b"cache-control", b"no-store")]
        await self.app(scope, receive, _sending_headers(send, headers))
