docker run --rm debian date -u -d @0
