"""A migrated-once test database for `make mutate` (MUTATE=1 only).

mutmut runs pytest once per mutant. Migrating a fresh database for each run
costs ~10 s, more than the tests themselves, so the first session migrates a
template file once and every session after works on its own copy of it: each
run starts from the same freshly migrated state (a transactional test's flush
in one run cannot leak into the next) and two mutants running at once never
share a file. pytest-django's --reuse-db then finds the copy already migrated.
"""

import os
import shutil
from pathlib import Path

import pytest


def _build_template(connection, template):
    """Migrate a new database into `template`, written whole or not at all."""
    building = template.with_name(f"building-{os.getpid()}.sqlite3")
    test_settings = connection.settings_dict["TEST"]
    test_settings["NAME"] = str(building)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    # keepdb=True puts the settings back and leaves the file in place.
    connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=True)
    connection.close()
    os.replace(building, template)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    from django.db import connections

    connection = connections["default"]
    test_settings = connection.settings_dict["TEST"]
    template = Path(test_settings["NAME"])
    template.parent.mkdir(parents=True, exist_ok=True)
    if not template.exists():
        with django_db_blocker.unblock():
            _build_template(connection, template)
    work = template.with_name(f"run-{os.getpid()}.sqlite3")
    shutil.copyfile(template, work)
    test_settings["NAME"] = str(work)
    yield
    connections.close_all()
    work.unlink(missing_ok=True)
    test_settings["NAME"] = str(template)
