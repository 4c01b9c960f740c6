"""Back up the database and media, restore them elsewhere, and prove the copy is whole.

A backup is a folder: `database.pgdump` (pg_dump's custom format) or
`database.sqlite3` (SQLite's online backup), `media.tar.gz`, and
`manifest.json` with a fingerprint of the data taken from the same snapshot:
a row count for every table, and digests of the page tree, the signatures and
the public counts. Restoring recomputes the fingerprint on the new database
and fails on any difference. The manifest holds counts and digests only; the
dump itself holds personal data and must be stored as such.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db import connections, transaction
from django.db.models import Count
from django.db.utils import load_backend
from django.utils import timezone

import dj_database_url

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    pass


def open_database(url):
    """A Django connection to the database at `url`, outside `connections` (nothing else uses it)."""
    # Django fills in the defaults only for a set that has a "default".
    settings_dict = connections.configure_settings({"default": dj_database_url.parse(url)})[
        "default"
    ]
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias="backup")


# --- the fingerprint ----------------------------------------------------------


def _rows(connection, queryset):
    """Run an ORM query on any connection, with its converters (dates, booleans)."""
    return [tuple(row) for row in queryset.query.get_compiler(connection=connection).results_iter()]


def _digest(rows):
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def fingerprint(connection):
    from wagtail.models import Page

    from pledges.models import Signature

    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.managed and not meta.proxy and meta.db_table not in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(meta.db_table)}")  # noqa: S608
                tables[meta.db_table] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        tables["django_migrations"] = cursor.fetchone()[0]
    pages = _rows(
        connection,
        Page.objects.order_by("path").values_list(
            "id", "path", "url_path", "title", "live", "latest_revision_id"
        ),
    )
    signatures = _rows(
        connection,
        Signature.objects.order_by("id").values_list(
            "id", "pledge_id", "email_canonical", "status", "signer_type", "confirmed_at"
        ),
    )
    counted = _rows(
        connection,
        Signature.objects.counted()
        .values("pledge_id", "signer_type")
        .annotate(n=Count("pk"))
        .order_by("pledge_id", "signer_type")
        .values_list("pledge_id", "signer_type", "n"),
    )
    return {
        "tables": tables,
        "pages": {"count": len(pages), "digest": _digest(pages)},
        "signatures": {"count": len(signatures), "digest": _digest(signatures)},
        # Public counts by pledge and signer type, as pledges.counts.count_from_table makes them.
        "counts": {f"{pledge}:{kind}": n for pledge, kind, n in counted},
    }


def differences(expected, actual):
    """Readable differences between two fingerprints; empty when they match."""
    found = []
    for name in sorted(set(expected["tables"]) | set(actual["tables"])):
        before, after = expected["tables"].get(name), actual["tables"].get(name)
        if before != after:
            found.append(f"table {name}: {before} rows backed up, {after} restored")
    for part in ("pages", "signatures", "counts"):
        if expected[part] != actual[part]:
            found.append(f"{part}: {expected[part]} backed up, {actual[part]} restored")
    return found


# --- backing up ---------------------------------------------------------------


def _pg_args(settings_dict):
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def dump_database(folder):
    """Dump the default database into `folder`; returns (file name, fingerprint) of one snapshot."""
    connection = default_connection
    if connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # pg_dump reads the snapshot this transaction sees, so the
                # fingerprint below describes exactly what was dumped.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            _run(
                [
                    "pg_dump",
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={folder / PG_DUMP}",
                    connection.settings_dict["NAME"],
                ],
                env,
            )
            return PG_DUMP, fingerprint(connection)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / SQLITE_COPY)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        # Fingerprint the copy itself: the live database may change meanwhile.
        copy = open_database(f"sqlite:///{folder / SQLITE_COPY}")
        try:
            return SQLITE_COPY, fingerprint(copy)
        finally:
            copy.close()
    raise BackupError(f"No backup method for {connection.vendor}")


def archive_media(folder, media_root):
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        if Path(media_root).is_dir():
            archive.add(media_root, arcname="media")
    return MEDIA


def backup(folder, media_root=None):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    database_file, print_ = dump_database(folder)
    manifest = {
        "created": timezone.now().isoformat(),
        "vendor": default_connection.vendor,
        "database": database_file,
        "media": archive_media(folder, media_root or settings.MEDIA_ROOT),
        "fingerprint": print_,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


# --- restoring ----------------------------------------------------------------


def _prepare_postgres(settings_dict):
    """Create the target database if it is missing; refuse one that already has tables."""
    import psycopg

    args = {
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
    }
    name = settings_dict["NAME"]
    with psycopg.connect(dbname="postgres", autocommit=True, **args) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            return
    with psycopg.connect(dbname=name, **args) as target:
        tables = target.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    if tables:
        raise BackupError(f"Database {name} already has {tables} tables; restore into a fresh one")


def restore(folder, database_url, media_root):
    """Restore a backup into a fresh database and media folder, then compare fingerprints."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    target = open_database(database_url)
    settings_dict = target.settings_dict
    if target.vendor != manifest["vendor"]:
        raise BackupError(f"A {manifest['vendor']} backup cannot go into {target.vendor}")
    if target.vendor == "postgresql":
        _prepare_postgres(settings_dict)
        args, env = _pg_args(settings_dict)
        _run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={settings_dict['NAME']}",
                str(folder / manifest["database"]),
            ],
            env,
        )
    else:
        path = Path(settings_dict["NAME"])
        if path.exists():
            raise BackupError(f"{path} exists; restore into a fresh file")
        shutil.copyfile(folder / manifest["database"], path)
    media_root = Path(media_root)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty; restore media into a fresh folder")
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / manifest["media"], "r:gz") as archive:
        for member in archive.getmembers():
            if member.name.startswith("media/"):
                member.name = member.name.removeprefix("media/")
                archive.extract(member, media_root, filter="data")
    try:
        found = differences(manifest["fingerprint"], fingerprint(target))
    finally:
        target.close()
    return found
