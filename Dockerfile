# Zicht, production image: gunicorn (web), celery worker and celery beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    ZICHT_VAR_DIR=/app/var

# Pango and HarfBuzz for WeasyPrint; gettext to compile the Dutch messages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 zicht
WORKDIR /app

COPY pyproject.toml README.md ./
# Every app: pip installs the packages pyproject.toml names from what has been copied so far.
COPY config ./config
COPY core ./core
COPY accounts ./accounts
COPY audit ./audit
COPY cases ./cases
COPY caseloads ./caseloads
COPY measures ./measures
COPY reportingcode ./reportingcode
COPY referrals ./referrals
COPY safetyplans ./safetyplans
COPY tables ./tables
COPY flags ./flags
COPY reports ./reports
COPY api ./api
COPY privacy ./privacy
COPY devdata ./devdata
RUN pip install .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# Build-time artefacts belong in the image (ADR 0003). These settings exist only for this step.
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build:6379/0 \
    sh -c "python manage.py compilemessages --verbosity 0 && python manage.py collectstatic --noinput --verbosity 0" \
    && mkdir -p /app/var && chown -R zicht /app/var

USER zicht
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
