docker run --rm --network site-net python:3.13-slim-trixie python -c "import urllib.request; print(urllib.request.urlopen('http://web/').status)"
