docker run --rm postgres:17
