docker stop daemon
