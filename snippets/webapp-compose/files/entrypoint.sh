#!/bin/sh
set -e
echo "notes app: database ${POSTGRES_DB:-postgres} on ${DB_HOST:-localhost}"
exec "$@"
