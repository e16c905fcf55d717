docker compose config | grep APP_VERSION
