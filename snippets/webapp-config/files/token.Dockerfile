FROM python:3.13-slim-trixie
RUN --mount=type=secret,id=index_token \
    echo "the token has $(wc -c < /run/secrets/index_token) bytes"
