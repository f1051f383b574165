# Production image: gunicorn for the web, the same image runs the Celery worker and beat (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --no-cache-dir . && useradd --create-home --uid 10001 marketplace
COPY . .
# collectstatic needs settings, not secrets: a throwaway key for this one command.
RUN SECRET_KEY=build-only PAYMENT_SIMULATED_SECRET=build-only python manage.py collectstatic --no-input \
    && mkdir -p /app/private && chown -R marketplace /app/var /app/private
USER marketplace

EXPOSE 8000
CMD ["gunicorn", "marketplace.wsgi:application", "-c", "marketplace/gunicorn.conf.py"]
