printf '%s\n' 'API_TOKEN=not-a-real-token-but-imagine-it-was' > .env
