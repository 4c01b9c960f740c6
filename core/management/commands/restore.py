from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a `backup` folder into a fresh database and media folder, then check that "
        "every table's rows, the pages, the signatures and the counts match the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by `manage.py backup`")
        parser.add_argument(
            "--database-url",
            required=True,
            help="the fresh database to restore into (PostgreSQL: created if missing), "
            "e.g. postgres://postgres@127.0.0.1:5432/keepitlocal_restored",
        )
        parser.add_argument("--media-root", help="empty folder for the media (default: MEDIA_ROOT)")

    def handle(self, *args, folder, database_url, media_root=None, **options):
        try:
            found = restore(folder, database_url, media_root or settings.MEDIA_ROOT)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        if found:
            raise CommandError("The restored copy differs from the backup:\n" + "\n".join(found))
        self.stdout.write("Restored; every table, page, signature and count matches the backup.")
