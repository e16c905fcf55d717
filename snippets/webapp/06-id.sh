docker run --rm webapp id
