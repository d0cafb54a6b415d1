#!/bin/sh
# Entrypoint of the offline nginx stand-in: like the official one, it announces itself and then
# runs the command it was given.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    echo "/docker-entrypoint.sh: /docker-entrypoint.d/ is empty (container-classroom offline stand-in: busybox httpd)"
    echo "/docker-entrypoint.sh: Configuration complete; ready for start up"
fi
exec "$@"
