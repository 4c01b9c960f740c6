"""Names, paths and the documents the load test sends."""

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = Path(os.environ.get("VAR_DIR", REPO_DIR / "var")) / "bench"
RESULTS_PATH = BENCH_DIR / "load_signing.json"
SERVER_LOG = BENCH_DIR / "load_signing-server.log"

HOST = "127.0.0.1"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
# Helpers sharing a machine pick their own database and Redis db number.
REDIS_DB = os.environ.get("LOAD_REDIS_DB", "12")
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
PLEDGE_SLUG = "keep-it-local"
TARGET_RATE = 100  # accepted signatures a second, sustained
WARM_UP = 5  # seconds left out at the start of the steady window

SIGN = """mutation Sign($input: SignPledgeInput!) {
  signPledge(input: $input) { ok message errors { field code message retryAfter } }
}"""
TOKEN = '{ page(urlPath: "/SLUG/") { id ... on PledgePage { formToken isOpen } } }'.replace(
    "SLUG", PLEDGE_SLUG
)
# Count reads use the persisted query partners use, by id with a cacheable GET
# (cms/graphql/persisted.py); `seed.count_path()` builds its URL.
COUNT_DOCUMENT = "signature_counts"
CONFIRMED_TEXT = b"Your signature is confirmed"

FIRST = ["amira", "tom", "grace", "rhys", "priya", "siobhan", "daniel", "hannah", "marek", "ali"]
LAST = ["haddad", "whitfield", "okafor", "llewellyn", "raman", "kelly", "mensah", "brooks", "shaw"]
DOMAINS = ["example.org", "example.com", "mail.example.net", "council.example.gov.uk"]
