printf 'APP_VERSION=1.1\nWEB_PORT=8000\n' > .env
