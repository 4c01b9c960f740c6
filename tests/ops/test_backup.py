"""`manage.py backup` then `manage.py restore` into a fresh database: the same pages,
signatures and counts, and the media files. Runs on SQLite and on PostgreSQL (pg_dump).

Transactional on purpose: pg_dump is another process and sees committed rows only.
"""

import json

from django.core.management import CommandError, call_command
from django.db import connection

import psycopg
import pytest

from core.backups import differences, fingerprint, open_database
from pledges.counts import count_from_table
from tests.factories import (
    ImageFactory,
    PledgePageFactory,
    ReaderCommentFactory,
    StoryPageFactory,
)
from tests.pledges.helpers import make_signature

# serialized_rollback keeps Wagtail's root page, created by a migration, for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def content(site_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stories = site_tree["stories"]
    published = StoryPageFactory(parent=stories, title="Councils keeping it local")
    StoryPageFactory(parent=stories, title="A draft nobody has seen", live=False)
    ReaderCommentFactory(page=published)
    image = ImageFactory()
    pledge = PledgePageFactory(parent=site_tree["home"], slug="pledge", goal=10)
    for n, status in enumerate(["confirmed", "confirmed", "pending", "withdrawn", "verified"]):
        make_signature(pledge, email=f"signer{n}@example.org", status=status)
    return {"pledge": pledge, "image": image}


@pytest.fixture
def fresh_database_url(tmp_path):
    """Where to restore: a database that does not exist yet (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    settings_dict = connection.settings_dict
    admin = {
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
        "user": settings_dict["USER"] or "postgres",
    }
    yield f"postgres://{admin['user']}@{admin['host']}:{admin['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database, sql):
    with database.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def assert_same_content(restored, content):
    titles = "SELECT title, live FROM wagtailcore_page ORDER BY path"
    assert query(restored, titles) == query(connection, titles)
    assert ("A draft nobody has seen", False) in query(restored, titles)
    statuses = "SELECT status, COUNT(*) FROM pledges_signature GROUP BY status ORDER BY status"
    assert query(restored, statuses) == [
        ("confirmed", 2),
        ("pending", 1),
        ("verified", 1),
        ("withdrawn", 1),
    ]
    # The public count (pledges.counts.count_from_table's rule) from the restored rows.
    public = (
        "SELECT COUNT(*) FROM pledges_signature WHERE status = 'verified'"
        " OR (status = 'confirmed' AND signer_type <> 'council')"
    )
    assert query(restored, public) == [(count_from_table(content["pledge"].pk)["total"],)]
    assert query(restored, public) == [(3,)]
    assert query(restored, "SELECT COUNT(*) FROM comments_readercomment") == [(1,)]


def assert_a_damaged_copy_is_caught(restored, folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    with restored.cursor() as cursor:
        cursor.execute("DELETE FROM pledges_signature WHERE status = 'confirmed'")
    if restored.vendor == "postgresql":
        restored.commit()
    found = differences(manifest["fingerprint"], fingerprint(restored))
    assert any("pledges_signature: 5 rows backed up, 3 restored" in line for line in found)
    assert any(line.startswith("counts:") for line in found)


# One test, not three: each transactional test costs a flush and a reload of
# Wagtail's rows (serialized_rollback), several seconds on PostgreSQL.
def test_backup_then_restore_into_a_fresh_database(content, fresh_database_url, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", output=str(folder))
    media = tmp_path / "restored-media"
    call_command("restore", str(folder), database_url=fresh_database_url, media_root=str(media))

    restored = open_database(fresh_database_url)
    try:
        assert_same_content(restored, content)
        assert_a_damaged_copy_is_caught(restored, folder)
    finally:
        restored.close()
    original = content["image"].file
    assert (media / original.name).read_bytes() == original.open("rb").read()

    # A database that is not fresh is refused, not overwritten.
    with pytest.raises(CommandError, match="fresh"):
        call_command(
            "restore", str(folder), database_url=fresh_database_url, media_root=str(tmp_path / "m")
        )
