#!/bin/sh
# One PostgreSQL server, one database and one role per IMIS service (each service owns its data).
# Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d/);
# the passwords come from files, never from the command line or the environment.
#   SECRETS_DIR        where <service>_db_password files are (default /run/secrets)
#   IMIS_DB_PREFIX     prefix of role and database names (default imis_)
#   IMIS_SERVICES      which services (default: gateway jobs diaspora info)
set -eu

secrets_dir="${SECRETS_DIR:-/run/secrets}"
prefix="${IMIS_DB_PREFIX:-imis_}"

for service in ${IMIS_SERVICES:-gateway jobs diaspora info}; do
  password_file="${secrets_dir}/${service}_db_password"
  if [ ! -s "$password_file" ]; then
    echo "postgres-init: missing $password_file" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v name="${prefix}${service}" -v password="$(cat "$password_file")" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
  echo "postgres-init: database and role ${prefix}${service}"
done
