import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

USERNAME = "admin"
EMAIL = "admin@example.invalid"
LOGIN_URL = "http://127.0.0.1:8000/admin/"


def password_file():
    return settings.VAR_DIR / "admin-password.txt"


def write_secret(path, text):
    """Write a file only its owner can read, without a moment of wider access."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(path, 0o600)  # O_CREAT's mode does not apply to a file that existed


class Command(BaseCommand):
    help = (
        f"Make sure a local superuser '{USERNAME}' exists. A new one gets a random "
        "password, printed once and kept in var/admin-password.txt; an existing one "
        "is never changed."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        path = password_file()
        user = User.objects.filter(username=USERNAME).first()

        if user is None:
            password = secrets.token_urlsafe(12)
            # If the file can't be written, no user is left with a password nobody saw.
            with transaction.atomic():
                User.objects.create_superuser(USERNAME, EMAIL, password)
                write_secret(path, password + "\n")
            self.stdout.write(
                self.style.SUCCESS(f"Admin: {LOGIN_URL}  user: {USERNAME}  password: {password}")
            )
            self.stdout.write(f"The password is also in {path}.")
            return

        self.stdout.write(f"Admin: {LOGIN_URL}  user: {USERNAME} (already exists)")
        if not (user.is_active and user.is_superuser):
            self.stdout.write(
                self.style.WARNING(
                    f"'{USERNAME}' is not an active superuser; left as it is. "
                    "Change that in the admin or with `manage.py shell` if you need to."
                )
            )
        if path.exists():
            self.stdout.write(f"The password it was created with is in {path}.")
        else:
            self.stdout.write(
                f"No password file at {path}. Set a new password with "
                f"`manage.py changepassword {USERNAME}`."
            )
