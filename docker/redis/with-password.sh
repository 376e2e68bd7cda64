#!/bin/sh
# Entrypoint of the compose file's redis service: starts the image's own entrypoint with the
# service's command, plus the password of the Docker secret redis_password (secrets/redis-password)
# as requirepass. redis-server reads that one line of configuration from its standard input
# ('-'), so the password is not on any command line (where `ps` on the host would show it), in
# the container's environment, or in a file in the data volume.
set -eu
secret=/run/secrets/redis_password
if [ ! -s "$secret" ]; then
  echo "redis: $secret is missing or empty. Fix: run ./dev compose-secrets, then docker compose up -d" >&2
  exit 1
fi
password=$(cat "$secret")
case "$password" in
  *[!A-Za-z0-9._~+=-]*)
    echo "redis: $secret may hold only letters, digits and ._~+=- (./dev compose-secrets writes hex)" >&2
    exit 1
    ;;
esac
# "$1" is redis-server; '-' must come right after it (or last) for Redis to read stdin.
program=$1
shift
exec docker-entrypoint.sh "$program" - "$@" <<CONFIG
requirepass $password
CONFIG
