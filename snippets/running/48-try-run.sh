docker run -d --name twice --restart on-failure:2 debian:trixie sh -c 'echo start; sleep 1; exit 1'
