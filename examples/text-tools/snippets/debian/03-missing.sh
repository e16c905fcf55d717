docker run --rm debian:trixie wc -l /no/such/file
