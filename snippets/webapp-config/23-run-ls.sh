docker run --rm token-demo ls /run/secrets
