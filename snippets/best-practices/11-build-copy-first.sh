docker build -q -f copy-first.Dockerfile -t cache-demo:copy-first .
