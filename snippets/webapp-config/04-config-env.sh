docker compose config | grep -e APP_VERSION -e published
