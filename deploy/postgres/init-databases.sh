#!/bin/sh
# DEV ONLY - run once by the postgres:16 image (/docker-entrypoint-initdb.d) on an empty data directory.
# Creates one login role and one database per service; each service owns its database and nothing else.
# Passwords come from deploy/env/postgres.dev.env (<SERVICE>_DB_PASSWORD).
set -eu

create_service_database() {
    name="$1"
    password="$2"
    # psql variables (:"name" identifier, :'password' literal) quote the values safely.
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_service_database screening "${SCREENING_DB_PASSWORD:?SCREENING_DB_PASSWORD is not set}"
create_service_database careteam "${CARETEAM_DB_PASSWORD:?CARETEAM_DB_PASSWORD is not set}"
create_service_database financing "${FINANCING_DB_PASSWORD:?FINANCING_DB_PASSWORD is not set}"
create_service_database reporting "${REPORTING_DB_PASSWORD:?REPORTING_DB_PASSWORD is not set}"
