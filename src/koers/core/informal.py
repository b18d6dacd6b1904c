"""Django's own messages that Koers shows, listed so that our Dutch catalogue says them with "je".

Django's Dutch translations address the user as "u"; Koers says "je" everywhere (style of the
interface). The catalogue of LOCALE_PATHS wins over Django's, so these msgids get our wording
in src/koers/locale/nl/LC_MESSAGES/django.po; listing them here keeps `makemessages` from
dropping them as obsolete. Nothing imports this module at run time.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

# ruff: noqa: RUF001 (Django's msgids spell the apostrophe as U+2019)

# django.contrib.auth: password validators (help texts on every password form) and errors.
PASSWORD_MESSAGES = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of "
        "deleting accounts."
    ),
)
PASSWORD_LENGTH = ngettext_lazy(
    "Your password must contain at least %(min_length)d character.",
    "Your password must contain at least %(min_length)d characters.",
    "min_length",
)

# django.views.csrf: the page after a refused form (an expired session, cookies switched off).
CSRF_MESSAGES = (
    gettext_noop(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be "
        "sent by your web browser, but none was sent. This header is required for security "
        "reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        "If you have configured your browser to disable “Referer” headers, please re-enable "
        "them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    gettext_noop(
        "You are seeing this message because this site requires a CSRF cookie when submitting "
        "forms. This cookie is required for security reasons, to ensure that your browser is not "
        "being hijacked by third parties."
    ),
    gettext_noop(
        "If you have configured your browser to disable cookies, please re-enable them, at least "
        "for this site, or for “same-origin” requests."
    ),
)
