# syntax=docker/dockerfile:1
# One image for the web processes and the task worker (see compose.yaml and entrypoint).

# Build stage: wheels for every dependency, built with compilers if one has no wheel.
FROM python:3.13-slim AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml ./
# The dependencies (with Parquet export) as a requirements list, from pyproject.toml.
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join(p['dependencies'] + p['optional-dependencies']['parquet']))" > requirements.txt \
    && pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

# Final stage: the wheels installed into a virtual environment, the code, collected static
# files; no compilers, and a user that owns nothing it runs.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DEBUG=false
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    --mount=type=bind,from=build,source=/src/requirements.txt,target=/requirements.txt \
    python -m venv /opt/venv \
    && pip install --no-cache-dir --no-index --find-links /wheels -r /requirements.txt
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin annotator
WORKDIR /app
COPY manage.py gunicorn.conf.py entrypoint ./
COPY annotator annotator
COPY claims claims
COPY templates templates
COPY fixtures fixtures
# Static files are collected (hashed, compressed) at build; WhiteNoise serves them.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input --verbosity 0
USER annotator
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
ENTRYPOINT ["./entrypoint"]
CMD ["web"]
