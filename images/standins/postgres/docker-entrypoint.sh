#!/usr/bin/env bash
# Behaves as the official postgres image's entrypoint (PostgreSQL 17):
# - `docker run IMAGE -c shared_buffers=256MB` (options first) means `postgres ...`; any other
#   command runs as given;
# - POSTGRES_PASSWORD, POSTGRES_USER (default postgres), POSTGRES_DB (default the user) and
#   POSTGRES_INITDB_ARGS may each come from a file instead, named by the same variable with
#   _FILE (Docker and Compose secrets); setting both is an error;
# - started as root, it makes PGDATA and the socket folder the postgres user's and starts
#   again as that user;
# - when PGDATA holds no database, a password is required (unless POSTGRES_HOST_AUTH_METHOD
#   is trust); initdb makes the cluster with that superuser and password, other hosts are let
#   in with a password (scram-sha-256), a server reached only through its socket creates
#   POSTGRES_DB and runs /docker-entrypoint-initdb.d/ (*.sql, *.sql.gz|xz|zst, *.sh) in name
#   order, then stops; the real server then starts in the foreground as PID 1.
set -Eeo pipefail

INITDB_DIR=/docker-entrypoint-initdb.d

# Options the server prints something for and exits: no set-up for those.
only_asks() {
    local arg
    for arg; do
        case "$arg" in
            -'?' | --help | --describe-config | -V | --version) return 0 ;;
        esac
    done
    return 1
}

# VAR from itself or from the file VAR_FILE names, else the default; VAR_FILE is then unset.
value_of() {
    local name="$1" file_name="$1_FILE" value="${2:-}"
    if [ -n "${!name:-}" ] && [ -n "${!file_name:-}" ]; then
        echo >&2 "error: both $name and $file_name are set (but are exclusive)"
        exit 1
    fi
    if [ -n "${!name:-}" ]; then
        value="${!name}"
    elif [ -n "${!file_name:-}" ]; then
        value="$(<"${!file_name}")"
    fi
    export "$name=$value"
    unset "$file_name"
}

read_settings() {
    value_of POSTGRES_PASSWORD
    value_of POSTGRES_USER postgres
    value_of POSTGRES_DB "$POSTGRES_USER"
    value_of POSTGRES_INITDB_ARGS
    : "${POSTGRES_HOST_AUTH_METHOD:=}"
}

# psql on the socket of the set-up server, stopping at the first error.
sql() {
    psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" "$@"
}

require_password() {
    if [ -n "$POSTGRES_PASSWORD" ] || [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
        return
    fi
    cat >&2 <<'EOF'
Error: Database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) to a non-empty value,
       for example "-e POSTGRES_PASSWORD=password" on "docker run".

       POSTGRES_HOST_AUTH_METHOD=trust lets every connection in without a
       password instead. That is *not* recommended.
EOF
    exit 1
}

make_cluster() {
    local auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" pwfile
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    # initdb's warnings share its standard output, so that they keep their place among its
    # other lines in the container's log (two streams are read apart, and their lines race).
    # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of options
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" $POSTGRES_INITDB_ARGS 2>&1
    rm -f "$pwfile"
    printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
    if [ "$auth" = trust ]; then
        echo "WARNING: POSTGRES_HOST_AUTH_METHOD=trust lets anyone who can reach this server in" \
            "as any user, with no password."
    fi
}

# An SQL file, read by the command given after it, into POSTGRES_DB.
run_sql() {
    local file="$1"
    shift
    echo "$0: running $file"
    "$@" "$file" | sql --dbname "$POSTGRES_DB"
    echo
}

run_init_files() {
    local file
    echo
    for file in "$INITDB_DIR"/*; do
        case "$file" in
            "$INITDB_DIR/*") ;;
            *.sh)
                if [ -x "$file" ]; then
                    echo "$0: running $file"
                    "$file"
                else
                    echo "$0: sourcing $file"
                    # shellcheck disable=SC1090
                    . "$file"
                fi
                ;;
            *.sql) run_sql "$file" cat ;;
            *.sql.gz) run_sql "$file" gunzip -c ;;
            *.sql.xz) run_sql "$file" xz -dc ;;
            *.sql.zst) run_sql "$file" zstd -dc ;;
            *) echo "$0: ignoring $file" ;;
        esac
    done
}

initialise() {
    require_password
    ls "$INITDB_DIR/" >/dev/null # fails early when the folder cannot be read
    make_cluster
    export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
    # The set-up server listens on its socket only, so no client gets in before it is done.
    # pg_ctl is silent (-s): its "waiting for server to start...." dots, written without a
    # newline while the server logs, would land between the log's lines differently each time.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w -s start
    if [ "$POSTGRES_DB" != postgres ]; then
        local exists
        exists="$(sql --dbname postgres --tuples-only --no-align --set db="$POSTGRES_DB" \
            <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")"
        if [ -z "$exists" ]; then
            sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
            echo
        fi
    fi
    run_init_files
    pg_ctl -D "$PGDATA" -m fast -w -s stop
    unset PGPASSWORD
    echo
    echo 'PostgreSQL init process complete; ready for start up.'
    echo
}

if [ "${1#-}" != "$1" ]; then
    set -- postgres "$@"
fi

if [ "$1" = postgres ] && ! only_asks "$@"; then
    read_settings
    mkdir -p "$PGDATA"
    chmod 0700 "$PGDATA" || :
    mkdir -p /var/run/postgresql || :
    chmod 3777 /var/run/postgresql || :
    if [ "$(id -u)" = 0 ]; then
        find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
        find /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
        exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$0" "$@"
    fi
    if [ -s "$PGDATA/PG_VERSION" ]; then
        echo
        echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
        echo
    else
        initialise
    fi
fi

exec "$@"
