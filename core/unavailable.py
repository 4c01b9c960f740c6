"""Answers while the database is unreachable: a 503 with `Retry-After`, never a traceback.

`DatabaseOutageMiddleware` turns a connection failure raised by a view into
a JSON error for API paths and the site's branded page for everything else;
the frontend's 500 handler sends failures raised elsewhere (another
middleware saving a session) here too. The outage is logged as one warning
when it starts and one when a new connection succeeds again; Django's own
"Service Unavailable" error line per request is suppressed.

Recovery needs no restart: a failed connection is dropped at the end of the
request, and `CONN_HEALTH_CHECKS` makes a persistent one prove itself before
reuse, so the first request after the database returns connects afresh.
"""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import JsonResponse
from django.utils.module_loading import import_string

from .outage import Outage

DATABASE = Outage("Database")
MESSAGE = "The service is briefly unavailable. Please try again shortly."


def _answered(sender, connection, **kwargs):
    DATABASE.answered()


connection_created.connect(_answered, dispatch_uid="core.unavailable.database-answered")


def database_outage(error):
    """The database connection error behind `error` (it may be wrapped, as by GraphQL), or None."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, (OperationalError, InterfaceError)):
            return error
        error = getattr(error, "original_error", None) or error.__cause__ or error.__context__
        seen += 1
    return None


def unavailable_response(request, error):
    DATABASE.failed(error)
    outage = settings.DATABASE_OUTAGE
    if request.path.startswith(tuple(outage["JSON_PATHS"])):
        body = {"errors": [{"message": MESSAGE, "extensions": {"code": "SERVICE_UNAVAILABLE"}}]}
        response = JsonResponse(body, status=503)
    else:
        response = import_string(outage["HTML_VIEW"])(request)
        response.status_code = 503
    response["Retry-After"] = str(outage["RETRY_AFTER"])
    response["Cache-Control"] = "no-store"
    # Logged once per outage above; Django would add an error line for every request.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        error = database_outage(exception)
        if error is None:
            return None
        return unavailable_response(request, error)
