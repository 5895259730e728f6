#!/usr/bin/env bash
# Logical backup of one city's database (docs/operations.md, "Backup and restore"):
#   scripts/ops/backup-city.sh <postgres URL of the city database> <backup directory>
# writes <dir>/xyd-<UTC timestamp>.dump (pg_dump custom format, compressed) and its SHA-256 next
# to it, naming the file without its folder, so the pair can be checked wherever it is copied:
#   cd <copy> && sha256sum -c xyd-….dump.sha256
# Restore into an empty database with:
#   createdb -h HOST -U USER app && pg_restore -h HOST -U USER -d app -j 4 --exit-on-error FILE.dump
# Run against the primary (or a replica: pg_dump takes one consistent snapshot either way).
set -euo pipefail
url="${1:?postgres URL of the city database}"
dir="${2:?backup directory}"
mkdir -p "$dir"
file="$dir/xyd-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --compress=6 --file="$file" "$url"
(cd "$dir" && sha256sum "$(basename "$file")" > "$(basename "$file").sha256")
echo "$file"
