docker run -it --rm python:3.13-slim-trixie python
