docker run -d --name always --restart always debian:trixie sh -c 'echo start; sleep 1; exit 0'
