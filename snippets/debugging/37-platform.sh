docker run --platform linux/arm64 python:3.13-slim-trixie
