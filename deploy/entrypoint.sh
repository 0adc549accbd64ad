#!/bin/sh
# Entrypoint of every perinatal service image (deploy/Dockerfile).
#
# Runs one of the four console scripts of the service baked into the image (SERVICE, set at build time):
#   ROLE=api        -> ${SERVICE}-api        uvicorn on :8000 (/health/live, /health/ready, /metrics)
#   ROLE=relay      -> ${SERVICE}-relay      transactional outbox -> Kafka (run exactly one per service)
#   ROLE=consumers  -> ${SERVICE}-consumers  Kafka consumers
#   ROLE=migrate    -> ${SERVICE}-migrate    alembic upgrade head, then exit 0
# ROLE defaults to api. The role may also be given as the first argument (`docker run IMAGE migrate`);
# any other command is executed as given (`docker run --rm -it IMAGE python`), for debugging.
set -eu

if [ -z "${SERVICE:-}" ]; then
    echo "perinatal-entrypoint: SERVICE is not set (it is baked into the image at build time)" >&2
    exit 64
fi

if [ "$#" -gt 0 ]; then
    case "$1" in
        api|relay|consumers|migrate)
            ROLE="$1"
            shift
            ;;
        *)
            exec "$@"
            ;;
    esac
fi

ROLE="${ROLE:-api}"
case "$ROLE" in
    api|relay|consumers|migrate) ;;
    *)
        echo "perinatal-entrypoint: unknown ROLE '$ROLE' (expected api, relay, consumers or migrate)" >&2
        exit 64
        ;;
esac

exec "${SERVICE}-${ROLE}" "$@"
