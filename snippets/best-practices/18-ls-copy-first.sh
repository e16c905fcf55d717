docker run --rm cache-demo:copy-first ls -A
