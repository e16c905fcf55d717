FROM python:3.13-slim-trixie
ARG INDEX_TOKEN
RUN echo "the token has $(printf %s "$INDEX_TOKEN" | wc -c) bytes"
