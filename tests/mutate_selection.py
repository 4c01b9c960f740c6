"""Which tests judge a mutant under `make mutate` (MUTATE=1 only).

mutmut runs every test that reached the mutated function in its stats run;
for a page-cache or IP-hash function that is most of the suite, because every
signing and every page view passes through it. Here a module answers to its
own area's tests (the rules it carries must be held there, not by accident
elsewhere), and its dedicated test file runs first so a caught mutant fails
within seconds. A mutant no area test reaches is reported as "no tests".
"""

import os
from pathlib import PurePosixPath

import pytest

# Top-level package of the mutated module -> the test paths that judge it.
AREAS = {
    "cms": ("tests/api/",),
    "core": ("tests/ops/", "tests/faults/test_cache_down.py"),
    "pledges": ("tests/pledges/",),
    "frontend": ("tests/frontend/",),
    "comments": ("tests/comments/", "tests/frontend/test_comments_"),
}
# Modules whose dedicated tests are not named test_<module>.py.
FIRST_FILES = {
    "cms.graphql.validation": "test_limits.py",
    "cms.graphql.visibility": "test_privacy.py",
    "cms.graphql.hardening": "test_privacy.py",
    "cms.graphql.documents": "test_document_cache.py",
    "pledges.admin.export": "test_export_safety.py",
    "pledges.tallies": "test_report_tallies.py",
    "core.cache": "test_cache_client.py",
    "frontend.signals": "test_caching.py",
    "comments.pipeline.checks": "test_pipeline_steps.py",
    "comments.pipeline.gates": "test_pipeline_steps.py",
    "comments.pipeline.base": "test_pipeline_steps.py",
}


def _modules_under_test():
    """The mutated module, or (for mutmut's clean run) the modules of this run."""
    under_test = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" in under_test:
        # "pledges.identity.x_hash_ip__mutmut_3" -> "pledges.identity"
        return [under_test.partition("__mutmut_")[0].rsplit(".", 1)[0]]
    if under_test == "":
        return os.environ.get("MUTATE_MODULES", "").split()
    return []  # stats and forced-fail runs see everything


def _empties_the_database(item):
    """Transactional tests end by flushing every table; they must run last."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


# trylast: after pytest-django's own sort, which would put the dedicated file's
# database-free tests (often the quickest to fail) behind every database test.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    modules = _modules_under_test()
    if not modules:
        return
    paths = tuple(path for module in modules for path in AREAS.get(module.split(".")[0], ()))
    first = {FIRST_FILES.get(module, f"test_{module.rsplit('.', 1)[-1]}.py") for module in modules}
    kept, dropped = [], []
    for item in items:
        nodeid = item.nodeid.removeprefix("mutants/")
        (kept if nodeid.startswith(paths) else dropped).append(item)

    def order(item):
        dedicated = PurePosixPath(item.nodeid.split("::")[0]).name in first
        return (_empties_the_database(item), not dedicated)

    kept.sort(key=order)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept
