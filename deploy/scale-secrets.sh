#!/bin/sh
# Create the scale profile's secret files (docker-compose.yml) once, in deploy/secrets/ (git-ignored):
#
#   sh deploy/scale-secrets.sh
#
#   deploy/secrets/postgres_password        the PostgreSQL password (random)
#   deploy/secrets/store_url                STORE_URL for careerbot: postgresql://careerbot:PASSWORD@postgres:5432/careerbot
#   deploy/secrets/telegram_webhook_secret  the secret token every Telegram replica checks (random)
#
# Existing files are kept (run it again after deleting one to make a new one; a new PostgreSQL password
# also needs `ALTER USER careerbot PASSWORD ...` in the database, which keeps its first password).
# The folder is private (0700); the files are 0644 inside it, because the containers read them as
# their own users (postgres, uid 10001), not as you.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
chmod 700 secrets

random() { python3 -c 'import secrets; print(secrets.token_urlsafe(32))' 2>/dev/null || od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

if [ ! -s secrets/postgres_password ]; then
    random | tr -d '\n' >secrets/postgres_password
    rm -f secrets/store_url
    echo "scale-secrets: wrote deploy/secrets/postgres_password"
fi
if [ ! -s secrets/store_url ]; then
    # The generated password is URL-safe (letters, digits, - and _), so it goes into the URL as it is.
    printf 'postgresql://careerbot:%s@postgres:5432/careerbot' "$(cat secrets/postgres_password)" >secrets/store_url
    echo "scale-secrets: wrote deploy/secrets/store_url"
fi
if [ ! -s secrets/telegram_webhook_secret ]; then
    random | tr -d '\n' >secrets/telegram_webhook_secret
    echo "scale-secrets: wrote deploy/secrets/telegram_webhook_secret"
fi
chmod 644 secrets/postgres_password secrets/store_url secrets/telegram_webhook_secret
