import socket

import pytest


@pytest.fixture
def closed_port():
    """A loopback port nobody listens on: connecting is refused at once, for real."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port


@pytest.fixture
def migrated_database_url(django_db_setup, django_db_blocker, tmp_path):
    """A DATABASE_URL another process can open, holding the migrated test schema.

    On PostgreSQL that is the test database itself; on SQLite the test database
    lives in this process's memory, so it is copied to a file with SQLite's
    backup API (the same copy `manage.py backup` makes).
    """
    from django.db import connection

    with django_db_blocker.unblock():
        connection.ensure_connection()
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            user = settings["USER"] or "postgres"
            return f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        import sqlite3

        path = tmp_path / "copy.sqlite3"
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
