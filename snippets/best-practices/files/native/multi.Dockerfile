# Stage 1, "build": has the compiler and builds the library.
FROM python:3.13-slim-trixie AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY squares.c .
RUN gcc -O2 -shared -fPIC -o libsquares.so squares.c

# Stage 2, the image we keep: no compiler, only the built library from stage 1.
FROM python:3.13-slim-trixie
WORKDIR /app
COPY --from=build /src/libsquares.so .
COPY squares.py .
CMD ["python", "squares.py"]
