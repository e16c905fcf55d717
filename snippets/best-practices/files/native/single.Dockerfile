FROM python:3.13-slim-trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY squares.c squares.py ./
RUN gcc -O2 -shared -fPIC -o libsquares.so squares.c
CMD ["python", "squares.py"]
