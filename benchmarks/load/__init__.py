"""`python -m benchmarks.load`: sign and confirm thousands of signatures under load.

Everything runs on this machine, on loopback, and is removed afterwards:

1. a fresh PostgreSQL database `kil_load_<pid>` on 127.0.0.1:5432 (user
   postgres), migrated, with a home page and one open pledge for individuals
   and organisations; Redis database 12 on 127.0.0.1:6379, flushed;
2. a small SMTP sink (`loadclient.py`, a child process) that accepts every
   email, keeps none, and hands the confirm links back to this process;
3. gunicorn with the production settings (`cms.wsgi`), told by
   `TRUSTED_PROXY_COUNT=1` to take each client's address from
   `X-Forwarded-For`, as behind a CDN;
4. the load, from one asyncio process: signers that each fetch the form token
   once, wait out the minimum fill time, then post `signPledge` mutations, one
   new person (own email, own address) after another, plus repeat signings
   of people who already signed (another spelling of the same mailbox) and
   pairs of simultaneous signings of one mailbox; confirmers that follow the
   link in each confirm email as it arrives, a few twice; readers that ask for
   `signatureCounts` a few times a second each and time it;
5. a reconciliation from the database: every accepted signature stored once,
   nothing stored that was not accepted, confirmed rows equal the links
   followed, the table count and the API's count equal them too.

Application settings are the production defaults (minimum fill time, limits
per address and per email) except what a loopback run must change (hosts,
no HTTPS redirect, where mail goes). Results go to var/bench/load_signing.json.

The package, one part a module: `config` (names, paths, documents), `server`
(database, Redis, gunicorn, the sink and the email sender, start and stop),
`seed` (the site and the people), `run` (the load itself), `cpu` (CPU
accounting by process), `reconcile` (the database checks), `report` (figures
and verdict), `cli` (options) and `__main__` (the whole run, cleaned up after).
"""
