from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and media into a new folder, "
        "with a manifest that `restore` checks the copy against."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="folder to create (default: var/backups/<UTC time>)",
        )
        parser.add_argument("--media-root", help="media folder to archive (default: MEDIA_ROOT)")

    def handle(self, *args, output=None, media_root=None, **options):
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        folder = Path(output or settings.VAR_DIR / "backups" / stamp)
        try:
            manifest = backup(folder, media_root)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        print_ = manifest["fingerprint"]
        self.stdout.write(
            f"Backed up to {folder}: {print_['pages']['count']} pages, "
            f"{print_['signatures']['count']} signatures, {len(print_['tables'])} tables."
        )
