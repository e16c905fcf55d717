docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' notes-db-1 | grep POSTGRES | sort
