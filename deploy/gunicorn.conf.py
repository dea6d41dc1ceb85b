"""gunicorn settings for danvan: `gunicorn -c deploy/gunicorn.conf.py danvan.wsgi`.

Every value can be changed by an environment variable of the same name in capitals with the
`GUNICORN_` prefix (e.g. GUNICORN_WORKERS=5), read below.
"""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    return os.environ.get(f"GUNICORN_{name}", default)


# Behind nginx on the same host; listen on loopback only.
bind = _env("BIND", "127.0.0.1:8000")
# Two per core plus one is gunicorn's rule of thumb for pages that wait on the database.
workers = int(_env("WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
# A request may build a document or read a large upload until those move to background jobs:
# 120 s instead of gunicorn's 30 s keeps them from being killed halfway.
timeout = int(_env("TIMEOUT", "120"))
graceful_timeout = int(_env("GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows into an outage.
max_requests = int(_env("MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Logs to standard error, where systemd's journal keeps them.
accesslog = _env("ACCESSLOG", "-")
errorlog = "-"
loglevel = _env("LOGLEVEL", "info")
# The real client address comes from nginx (DANVAN_BEHIND_PROXY=1 reads X-Forwarded-For).
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1")
