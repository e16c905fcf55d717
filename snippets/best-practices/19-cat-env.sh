docker run --rm cache-demo:copy-first cat .env
