#!/bin/sh
# Runs first in every container of the image, then becomes the container's command.
set -e
echo "entrypoint: notes $APP_VERSION as $(id -un), starting: $*"
exec "$@"
