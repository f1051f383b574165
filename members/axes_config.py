"""django-axes (the login lockout) as the operators' console shows it, in their language.

django-axes ships no Simplified Chinese. Its section's name is its AppConfig's, so INSTALLED_APPS names this
subclass instead (the way Django lets a project rename an app it does not own); its models and columns use
gettext with English message ids, so they are listed below for makemessages to keep in our catalog, which Django
reads before any app's own (LOCALE_PATHS). tests/marketplace/test_admin_language.py fails when an upgrade of
django-axes changes a text of its models that this list then no longer translates.
"""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AxesConfig(AppConfig):
    verbose_name = _("Login security")


AXES_TEXTS = (
    # models
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # fields
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    # admin
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
)
