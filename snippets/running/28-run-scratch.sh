docker run --name scratch -v /scratch debian:trixie true
