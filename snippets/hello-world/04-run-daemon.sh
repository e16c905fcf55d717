docker run --name daemon -d debian /bin/sh -c "while true; do echo hello world; sleep 1; done"
