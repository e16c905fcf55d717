docker run --rm --entrypoint python webapp --version
