docker run -d --name fixed -p 127.0.0.1:8000:8000 python:3.13-slim-trixie python -u -m http.server --bind 0.0.0.0 8000
