docker pull python:3.13-slim-trixie
