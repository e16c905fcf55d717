#!/bin/sh
# Behaves as the official registry image's entrypoint: a config file as the command means
# `registry serve FILE`, and a registry subcommand or option means `registry ...`.
set -e

case "$1" in
    *.yaml | *.yml) set -- registry serve "$@" ;;
    serve | garbage-collect | help | -*) set -- registry "$@" ;;
esac

exec "$@"
