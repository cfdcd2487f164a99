#!/bin/sh
# Entry point of the scale profile's careerbot containers (docker-compose.yml mounts it read-only):
# refuse to start where the container would clash with another one, then run careerbot.
#
#   sh scale-guard.sh run telegram|discord
#
# - Any scaled service: the single `bot` service must be off (BOT_REPLICAS=0 in .env). Telegram allows
#   either polling or a webhook per token, and one Discord token must not be served twice.
# - The Telegram replicas: TELEGRAM_WEBHOOK_URL must be set (they run in webhook mode behind the proxy;
#   without it each would poll with the same token).
# Exits 2 with one line naming the setting, like careerbot's own setting errors.
set -eu

fail() {
    echo "careerbot scale profile: $*" >&2
    exit 2
}

single="${CAREERBOT_BOT_REPLICAS:-1}"
if [ "$single" != 0 ]; then
    fail "BOT_REPLICAS=$single: the single bot service still runs; set BOT_REPLICAS=0 in .env (Telegram allows polling or a webhook per token, never both)"
fi
if [ "${1:-} ${2:-}" = "run telegram" ] && [ -z "${TELEGRAM_WEBHOOK_URL:-}" ]; then
    fail "TELEGRAM_WEBHOOK_URL is empty: the Telegram replicas run in webhook mode behind the proxy; set it in .env"
fi
exec careerbot "$@"
