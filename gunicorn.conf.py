"""gunicorn's settings for the image and `make demo`; each can be overridden on the
command line or in GUNICORN_CMD_ARGS.

Workers × threads: measured on 2 cores with PostgreSQL on the same machine, 16 annotators
saving labels through the API (benchmarks/serve.py load; figures in benchmarks/README.md):
one process with 8 threads answered the most labels a second and the smallest page
fastest, in 118 MiB against 206-210 MiB for two processes. A request spends much of its
time waiting for PostgreSQL, which needs the other core; threads fill that wait. Where the
database has a machine of its own, try WEB_CONCURRENCY as the number of cores.
"""

import os

wsgi_app = "annotator.wsgi:application"
bind = os.environ.get("BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 1))
threads = int(os.environ.get("WEB_THREADS", 8))
# Longer than the database timeouts (settings.py), so a slow database gets its 503 before
# gunicorn kills the worker; an upload of the largest allowed file fits in it.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
# Behind a proxy that keeps connections open to us.
keepalive = 5
accesslog = "-" if os.environ.get("ACCESS_LOG", "").lower() in {"1", "true", "yes", "on"} else None
# No control socket (gunicorn 25.1+): it would sit in $HOME, which the image's user has
# none of, and two servers on one machine would share its path.
control_socket_disable = True
