docker run -d --name quick debian:trixie
