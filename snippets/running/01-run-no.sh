docker run -d --name once debian:trixie sh -c 'echo start; sleep 1; exit 1'
