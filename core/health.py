"""Probes for load balancers and orchestrators: `/healthz` (liveness) and `/readyz` (readiness).

`HealthProbeMiddleware` answers both before any other middleware runs, so a
probe that names the server by its IP address (as load balancers and
Kubernetes do) is not refused by `ALLOWED_HOSTS`, redirected to HTTPS, given
a session or CSRF cookie, or cached. The same views are routed in
`cms/urls.py`, so the paths belong to us and not to a page slug.

The readiness answer holds counts and states only, never a row's content.
"""

import contextlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

# Seconds a load balancer should wait before asking an unready server again.
RETRY_AFTER = 5
PROBE_KEY = "health:readyz"


def _no_store(response):
    response["Cache-Control"] = "no-store, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _aliases():
    """Which database and cache readiness checks; tests point them at a closed port."""
    health = getattr(settings, "HEALTH_CHECKS", {})
    return health.get("DATABASE", "default"), health.get("CACHE", "default")


def liveness(request):
    """The process answers. Touches no database, cache or session on purpose:
    a liveness failure restarts the process, which would not mend a lost database."""
    if request.method not in ("GET", "HEAD"):
        return _no_store(HttpResponseNotAllowed(["GET", "HEAD"]))
    return _no_store(JsonResponse({"status": "ok"}))


def check_database(alias):
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        # Drop the broken connection so the next request connects afresh:
        # recovery must not need a restart.
        with contextlib.suppress(Exception):
            connection.close()
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_cache(alias):
    cache = caches[alias]
    stamp = timezone.now().isoformat()
    try:
        # A write and a read: a cache that answers reads but refuses writes is not well.
        cache.set(PROBE_KEY, stamp, 30)
        ok = cache.get(PROBE_KEY) == stamp
    except Exception as error:  # noqa: BLE001 - any failure means "degraded"
        return {"ok": False, "error": type(error).__name__}
    return {"ok": ok, "backend": cache.__class__.__name__}


def backlog(alias):
    """Work waiting for the background processes: tasks for `db_worker`, emails for the outbox."""
    # Imported here so that /healthz never loads models or their apps' code.
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from pledges.models import EmailDelivery

    now = timezone.now()
    waiting = EmailDelivery.objects.using(alias).filter(sent_at__isnull=True)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "tasks": {
            "backend": settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1],
            "ready": DBTaskResult.objects.using(alias).ready().count(),
            "running": DBTaskResult.objects.using(alias)
            .filter(status=TaskResultStatus.RUNNING)
            .count(),
        },
        "outbox": {
            "pending": waiting.count(),
            "oldest_seconds": round((now - oldest).total_seconds()) if oldest else None,
        },
    }


def readiness(request):
    """Can this server do its work? 503 without the database; 200 "degraded" without the cache."""
    if request.method not in ("GET", "HEAD"):
        return _no_store(HttpResponseNotAllowed(["GET", "HEAD"]))
    db_alias, cache_alias = _aliases()
    database = check_database(db_alias)
    cache = check_cache(cache_alias)
    body = {"database": database, "cache": cache}
    if database["ok"]:
        try:
            body.update(backlog(db_alias))
        except Exception as error:  # noqa: BLE001 - e.g. a table missing before migrate
            logger.warning("readyz could not count the backlog: %r", error)
            body["backlog_error"] = type(error).__name__
    if not database["ok"]:
        body["status"] = "unavailable"
    elif not cache["ok"]:
        body["status"] = "degraded"
    else:
        body["status"] = "ok"
    _log_change("database", database)
    _log_change("cache", cache)
    response = JsonResponse(body, status=503 if not database["ok"] else 200)
    if not database["ok"]:
        response["Retry-After"] = str(RETRY_AFTER)
        # A probe repeats every few seconds: Django would log each 503 as an
        # error. We log the outage once, when it starts (_log_change).
        response._has_been_logged = True
    return _no_store(response)


_last_ok = {"database": True, "cache": True}


def _log_change(name, result):
    """Log a service going away or coming back once, not on every probe (per process)."""
    if result["ok"] == _last_ok[name]:
        return
    _last_ok[name] = result["ok"]
    if result["ok"]:
        logger.warning("readyz: the %s is reachable again", name)
    else:
        logger.error("readyz: the %s is unreachable (%s)", name, result["error"])


PROBES = {"/healthz": liveness, "/readyz": readiness}


class HealthProbeMiddleware:
    """Answers the probes first; put it at the top of MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is not None:
            return probe(request)
        return self.get_response(request)
