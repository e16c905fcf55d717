docker run -d --name inside -p 127.0.0.1:8000:8000 python:3.13-slim-trixie python -m http.server --bind 127.0.0.1 8000
