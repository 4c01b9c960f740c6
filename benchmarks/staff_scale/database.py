"""A scratch PostgreSQL database of this run's own, dropped afterwards.

The benchmark needs PostgreSQL (the indexes it measures are PostgreSQL's):
`BENCH_POSTGRES_URL` names the server, by default the loopback one with user
`postgres`. The database is `kil_scale_bench_<pid>`, so runs never collide,
or the one `--database` names.
"""

import contextlib
import os

SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


_chosen = []


def name():
    return _chosen[0] if _chosen else f"kil_scale_bench_{os.getpid()}"


def url(database=None):
    return f"{SERVER.rstrip('/')}/{database or name()}"


def _admin(sql):
    import psycopg

    with psycopg.connect(url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


@contextlib.contextmanager
def scratch(keep=False, database=None):
    """Create the database, point Django at it and migrate; drop it at the end."""
    if database:
        _chosen.append(database)
    _admin(f'CREATE DATABASE "{name()}"')
    try:
        os.environ["DATABASE_URL"] = url()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        yield url()
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"Kept database {name()} (drop it with: dropdb {name()})")
        else:
            _admin(f'DROP DATABASE IF EXISTS "{name()}" WITH (FORCE)')
