#!/bin/bash
# Entrypoint of the offline stand-in for the official PostgreSQL image (Containerfile beside this file). It
# honours what deploy/compose/compose.yaml uses of the official image's contract: POSTGRES_USER (superuser,
# default postgres), POSTGRES_PASSWORD_FILE (or POSTGRES_PASSWORD), POSTGRES_DB (default the user); on an
# empty data volume it runs initdb (scram-sha-256 for every TCP client, trust on the local socket, as the
# official image) and listens on all addresses of the container network; the server runs as the postgres
# user, as PID 1, so it gets the stop signal itself. The password never reaches the log or the arguments.
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi

: "${PGDATA:=/var/lib/postgresql/data}"
if [ "$(id -u)" = 0 ]; then
  # A fresh volume, or a bind mount made by root: the data belongs to postgres, readable by it alone.
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
    [ -r "$POSTGRES_PASSWORD_FILE" ] || {
      echo "postgres-entrypoint: POSTGRES_PASSWORD_FILE ($POSTGRES_PASSWORD_FILE) cannot be read by the postgres user" >&2
      exit 1
    }
    password="$(<"$POSTGRES_PASSWORD_FILE")"
  else
    password="${POSTGRES_PASSWORD:-}"
  fi
  [ -n "$password" ] || {
    echo 'postgres-entrypoint: the database is uninitialized and no password is set: set POSTGRES_PASSWORD_FILE (or POSTGRES_PASSWORD)' >&2
    exit 1
  }
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  echo "postgres-entrypoint: initializing $PGDATA (superuser $user, database $database)"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$password") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  unset password
  printf '\n# Clients on the container network (postgres-entrypoint).\nhost all all all scram-sha-256\n' \
    >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [ "$database" != postgres ]; then
    # Single-user mode: no server listens before the database exists, so no client sees it half made.
    printf 'CREATE DATABASE "%s";\n' "${database//\"/\"\"}" |
      postgres --single -D "$PGDATA" -c listen_addresses='' postgres >/dev/null
  fi
  echo 'postgres-entrypoint: initialized'
fi

exec "$@"
