docker run --rm native:single
