"""Requests past Django's size and field limits: a 4xx and a warning, not a security error.

Django refuses them itself (`DATA_UPLOAD_MAX_MEMORY_SIZE`,
`DATA_UPLOAD_MAX_NUMBER_FIELDS`), but wherever the body is first read (the CSRF
check, a view) and logs each one at error level with a traceback, as if it
were an attack on the server rather than a client sending too much. This
middleware reads the query string and body first, within the same limits, so
the refusal is ours: 413 or 400, logged once as a warning.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger("core.limits")

# Django parses these into request.POST, which leaves file parts out of the size limit.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.GET  # noqa: B018 - parsing it applies the field limit
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                if request.content_type in FORM_TYPES:
                    request.POST  # noqa: B018
                else:
                    request.body  # noqa: B018
        except RequestDataTooBig:
            return self.refuse(request, 413, "TOO_LARGE", "The request body is too large.")
        except (TooManyFieldsSent, TooManyFilesSent):
            return self.refuse(request, 400, "TOO_MANY_FIELDS", "The request has too many fields.")
        return self.get_response(request)

    def refuse(self, request, status, code, message):
        logger.warning("Refused %s %s: %s", request.method, request.path, message)
        if request.path.startswith(tuple(settings.DATABASE_OUTAGE["JSON_PATHS"])):
            response = JsonResponse(
                {"errors": [{"message": message, "extensions": {"code": code}}]}, status=status
            )
        else:
            response = HttpResponse(message, content_type="text/plain", status=status)
        response._has_been_logged = True  # the warning above says it all
        return response
