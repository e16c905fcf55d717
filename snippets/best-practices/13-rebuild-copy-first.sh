docker build -f copy-first.Dockerfile -t cache-demo:copy-first .
