#!/usr/bin/env bash
# CI only: create a local stand-in for a registry image the Docker smoke test needs, when no registry can be
# reached (the compose file and the Dockerfile keep the real names; self-hosters pull the real images).
#
#   scripts/standin-base.sh [TAG]      TAG: python:3.12-slim (default), postgres:17 or nginx:1.28-alpine
#
# Each is a Debian bookworm rootfs (debootstrap) imported under the same tag:
# - python:*   Debian's Python 3.11 and venv, plus the host's extra CA certificates (a TLS-intercepting
#              proxy) so pip works inside `docker build`: the Dockerfile's build and final stages run on it.
# - postgres:* Debian's PostgreSQL 15 server with a small entry point doing what the official image's does for
#              the compose file: POSTGRES_USER, POSTGRES_DB and POSTGRES_PASSWORD(_FILE) on first start, then
#              the server as user postgres on PGDATA, password (scram) logins from the network; pg_isready.
# - nginx:*    Debian's nginx with the official image's conventions the compose file relies on: templates in
#              /etc/nginx/templates/*.template rendered with envsubst into /etc/nginx/conf.d, logs to the
#              container's output, pid and temporary files on the paths the compose file mounts in memory.
# Never used for release images. Needs root, debootstrap and a running Docker engine.
set -euo pipefail

TAG="${1:-python:3.12-slim}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE="${DEBIAN_SUITE:-bookworm}"

if docker image inspect "$TAG" >/dev/null 2>&1; then
    echo "standin-base: $TAG already present"
    exit 0
fi
command -v debootstrap >/dev/null || { echo "standin-base: debootstrap is missing" >&2; exit 1; }

work="$(mktemp -d /var/tmp/standin-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

bootstrap() { # PACKAGES (comma-separated)
    echo "standin-base: debootstrap $SUITE with $1 into $rootfs (about a minute)"
    debootstrap --variant=minbase --include="$1" "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
        tail -20 "$work/debootstrap.log" >&2
        exit 1
    }
}

slim() { # like the official images: no apt lists, docs or caches
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* \
        "$rootfs"/var/cache/debconf/*-old
}

import() { # docker import CHANGES...: the rootfs under $TAG
    local changes=() change
    for change in "$@"; do changes+=(-c "$change"); done
    tar -C "$rootfs" -c . | docker import "${changes[@]}" - "$TAG" >/dev/null
    echo "standin-base: imported $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}'))"
}

python_standin() {
    bootstrap python3,python3-venv,ca-certificates
    # The host's extra CAs (the proxy's), so pip inside `docker build` trusts the intercepted TLS.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
        chroot "$rootfs" update-ca-certificates >/dev/null
    fi
    # Behave like the official image: `python` on PATH, no EXTERNALLY-MANAGED marker. Debian's system pip is
    # left out (with its dependencies it weighs ~20 MB more than the official image's pip, which would skew the
    # size check): the Dockerfile only uses the pip that `python -m venv` installs from python3-venv's wheel.
    ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python"
    rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
    slim
    import 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'ENV LANG=C.UTF-8' \
        'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
        'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
        'CMD ["python3"]'
}

postgres_standin() {
    # No cluster of Debian's own (the entry point creates PGDATA), no service started while installing.
    mkdir -p "$rootfs/etc/postgresql-common"
    echo "create_main_cluster = false" >"$rootfs/etc/postgresql-common/createcluster.conf"
    bootstrap postgresql-15
    cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'SH'
#!/bin/sh
# Stand-in for the official postgres image's entry point (the parts careerbot's compose file uses).
set -eu
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    password="${POSTGRES_PASSWORD:-}"
    [ -z "${POSTGRES_PASSWORD_FILE:-}" ] || password="$(cat "$POSTGRES_PASSWORD_FILE")"
    [ -n "$password" ] || { echo "postgres stand-in: POSTGRES_PASSWORD(_FILE) is empty" >&2; exit 1; }
    user="${POSTGRES_USER:-postgres}"
    printf '%s\n' "$password" >/tmp/pwfile
    initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f /tmp/pwfile
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    [ "${POSTGRES_DB:-$user}" = postgres ] || createdb -U "$user" "${POSTGRES_DB:-$user}"
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "postgres stand-in: initialised $PGDATA (user $user, database ${POSTGRES_DB:-$user})"
fi
exec postgres -D "$PGDATA"
SH
    chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
    slim
    import 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'ENV LANG=C.UTF-8' \
        'ENV PGDATA=/var/lib/postgresql/data' \
        'EXPOSE 5432' \
        'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'
}

nginx_standin() {
    bootstrap nginx-light,gettext-base
    rm -f "$rootfs"/etc/nginx/sites-enabled/*
    cat >"$rootfs/etc/nginx/nginx.conf" <<'CONF'
# Stand-in for the official nginx image's nginx.conf: conf.d only, temporary files under /var/cache/nginx.
user www-data;
worker_processes auto;
pid /var/run/nginx.pid;
error_log /var/log/nginx/error.log notice;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /var/log/nginx/access.log;
    client_body_temp_path /var/cache/nginx/client_temp;
    proxy_temp_path /var/cache/nginx/proxy_temp;
    fastcgi_temp_path /var/cache/nginx/fastcgi_temp;
    uwsgi_temp_path /var/cache/nginx/uwsgi_temp;
    scgi_temp_path /var/cache/nginx/scgi_temp;
    keepalive_timeout 65;
    include /etc/nginx/conf.d/*.conf;
}
CONF
    ln -sf /dev/stdout "$rootfs/var/log/nginx/access.log"
    ln -sf /dev/stderr "$rootfs/var/log/nginx/error.log"
    mkdir -p "$rootfs/etc/nginx/templates" "$rootfs/var/cache/nginx"
    cat >"$rootfs/docker-entrypoint.sh" <<'SH'
#!/bin/sh
# Stand-in for the official nginx image's entry point: render the templates, then nginx in the foreground.
set -eu
defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
for template in /etc/nginx/templates/*.template; do
    [ -e "$template" ] || continue
    envsubst "$defined" <"$template" >"/etc/nginx/conf.d/$(basename "$template" .template)"
done
exec "$@"
SH
    chmod 755 "$rootfs/docker-entrypoint.sh"
    slim
    import 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'EXPOSE 80' \
        'ENTRYPOINT ["/docker-entrypoint.sh"]' \
        'CMD ["nginx", "-g", "daemon off;"]'
}

case "$TAG" in
python:*) python_standin ;;
postgres:*) postgres_standin ;;
nginx:*) nginx_standin ;;
*)
    echo "standin-base: no stand-in for $TAG" >&2
    exit 1
    ;;
esac
