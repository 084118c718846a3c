"""Languages: which we ship, how a request picks one, gettext and formatting."""

from inclusion.i18n.translations import (
    current_locale,
    gettext,
    lazy_gettext,
    ngettext,
    pgettext,
    use_locale,
)

_ = gettext
_l = lazy_gettext

__all__ = [
    "_",
    "_l",
    "current_locale",
    "gettext",
    "lazy_gettext",
    "ngettext",
    "pgettext",
    "use_locale",
]
