# shellcheck shell=bash
# PostgreSQL for gnd (graph-node), sourced by test.sh and the indexer scripts. See DESIGN.md "Subgraph":
# - POSTGRES_URL set: used as is.
# - non-root: gnd creates (and drops) a temporary database itself; it needs initdb/pg_ctl on PATH.
# - root (CI): gnd refuses to create one, so we start the Debian cluster, create a password superuser role
#   and a fresh UTF8/C database, and hand gnd its URL.
# After `pg_setup <database>`, PG_ARGS holds the gnd arguments (empty or `--postgres-url <url>`).

# runuser, pg_ctlcluster and friends live in sbin, which minimal PATHs (cron, CI) may lack.
export PATH="$PATH:/usr/sbin:/sbin"

PG_ROLE="${HASHWORK_PG_ROLE:-hashwork}"
PG_PASSWORD="${HASHWORK_PG_PASSWORD:-hashwork}" # local loopback development database only
PG_ARGS=()

pg_fail() {
  echo "postgres: $*" >&2
  exit 2
}

# Puts the newest installed PostgreSQL's server binaries (initdb, pg_ctl) on PATH.
pg_bin_path() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && ! command -v initdb >/dev/null; then
    pg_fail "PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install postgresql) or set POSTGRES_URL to a database gnd may use."
  fi
  [ -n "$dir" ] && export PATH="$dir:$PATH"
  return 0
}

pg_setup() {
  local db="$1"
  if [ -n "${POSTGRES_URL:-}" ]; then
    PG_ARGS=(--postgres-url "$POSTGRES_URL")
    return
  fi
  pg_bin_path
  if [ "$(id -u)" -ne 0 ]; then
    PG_ARGS=() # gnd makes a temporary database (pgtemp) as a non-root user
    return
  fi

  command -v pg_lsclusters >/dev/null ||
    pg_fail "running as root needs Debian's postgresql-common (pg_lsclusters, pg_ctlcluster), or set POSTGRES_URL"
  local version cluster port status
  read -r version cluster port status < <(pg_lsclusters --no-header | sort -V | tail -n 1 | awk '{print $1, $2, $3, $4}')
  [ -n "${version:-}" ] || pg_fail "no PostgreSQL cluster found (pg_createcluster 15 main), or set POSTGRES_URL"
  if [ "$status" != "online" ]; then
    echo "postgres: starting cluster $version/$cluster" >&2
    pg_ctlcluster "$version" "$cluster" start || pg_fail "could not start cluster $version/$cluster (see /var/log/postgresql/)"
  fi
  local i
  for i in $(seq 1 50); do
    runuser -u postgres -- pg_isready -q -p "$port" && break
    sleep 0.2
  done
  runuser -u postgres -- pg_isready -q -p "$port" || pg_fail "cluster $version/$cluster does not accept connections on port $port"

  # Idempotent: the role is created once; the database is recreated so every run starts empty.
  runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL ||
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
    CREATE ROLE "$PG_ROLE" LOGIN SUPERUSER PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE "$PG_ROLE" LOGIN SUPERUSER PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
    pg_fail "could not create role $PG_ROLE"
  if [ "${HASHWORK_PG_KEEP:-0}" != "1" ]; then
    runuser -u postgres -- dropdb -p "$port" --if-exists --force "$db" || pg_fail "could not drop database $db"
  fi
  if ! runuser -u postgres -- psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" -d postgres | grep -q 1; then
    runuser -u postgres -- createdb -p "$port" -E UTF8 --locale=C -T template0 -O "$PG_ROLE" "$db" ||
      pg_fail "could not create database $db"
  fi
  PG_ARGS=(--postgres-url "postgresql://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$port/$db")
}
