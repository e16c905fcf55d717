docker run --rm debian:trixie sh -c '. /etc/os-release && echo "$PRETTY_NAME"'
