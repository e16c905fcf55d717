docker run -d --name flaky --restart on-failure:3 debian:trixie sh -c 'echo start; sleep 1; exit 1'
