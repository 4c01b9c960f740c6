"""Point Django at a database of the benchmark's own before anything imports models.

The benchmark wipes and reseeds its database, so it never uses `DATABASE_URL`
(which may be a developer's or CI's database): SQLite under `var/bench/` unless
`BENCH_DATABASE_URL` names another one, e.g. an empty PostgreSQL database.
Settings are the `test` overlay: production-like (DEBUG off, local-memory
cache), with no secrets to supply.
"""

import hashlib
import os
import shutil
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(os.environ.get("VAR_DIR", REPO_DIR / "var")) / "bench"
SQLITE_PATH = BENCH_DIR / "bench.sqlite3"
SETTINGS_MODULE = "cms.settings.test"


def database_url():
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{SQLITE_PATH}"


def media_dir():
    """One media folder per database, so reseeding one leaves another's images alone."""
    key = hashlib.sha256(database_url().encode()).hexdigest()[:8]
    return BENCH_DIR / f"media-{key}"


def configure(fresh=True):
    """Set up Django on the benchmark database; returns True if it must be seeded."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DATABASE_URL"] = database_url()
    os.environ["MEDIA_ROOT"] = str(media_dir())
    if fresh:
        shutil.rmtree(media_dir(), ignore_errors=True)
        if not os.environ.get("BENCH_DATABASE_URL"):
            SQLITE_PATH.unlink(missing_ok=True)

    import django

    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if fresh:
        return True
    from stories.models import StoryPage

    return not StoryPage.objects.exists()
