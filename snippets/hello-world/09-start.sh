docker start daemon
