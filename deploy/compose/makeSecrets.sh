#!/usr/bin/env bash
# Writes the secret files deploy/compose/compose.yaml mounts: a random PostgreSQL password, the database URL
# that carries it, CSOC's master key (base64 of 32 random bytes) and the first admin's password. Never
# overwrites a file that exists (a new master key would make every stored secret unreadable).
#
#   deploy/compose/makeSecrets.sh [DIR]      # default: deploy/compose/secrets
#
# The folder is private to you (0700); the files inside are world-readable (0444) so that the containers'
# own users (CSOC runs as uid 10001, PostgreSQL as its postgres user) can read them through the bind mount.
# Back up master_key: without it, the secrets CSOC stores cannot be decrypted.
set -euo pipefail
dir="${1:-$(dirname "$0")/secrets}"
mkdir -p "$dir"
chmod 0700 "$dir"
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
write() {
  local file="$dir/$1"
  if [ -e "$file" ]; then echo "kept $file (exists)"; return; fi
  (umask 0333 && printf '%s' "$2" >"$file")
  chmod 0444 "$file"
  echo "wrote $file"
}
if [ -e "$dir/postgres_password" ]; then password="$(cat "$dir/postgres_password")"
else password="$(random 24 | tr '+/' '-_' | tr -d '=')"; fi
write postgres_password "$password"
write database_url "postgres://csoc:$password@postgres:5432/csoc"
write master_key "$(random 32)"
write admin_password "$(random 18 | tr '+/' '-_' | tr -d '=')"
echo "The first platform admin signs in with the password in $dir/admin_password."
