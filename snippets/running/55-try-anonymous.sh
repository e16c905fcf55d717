docker run --name tmp -v /data debian:trixie true
