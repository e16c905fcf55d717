APP_VERSION=1.2 docker compose config | grep APP_VERSION
