time docker stop daemon
