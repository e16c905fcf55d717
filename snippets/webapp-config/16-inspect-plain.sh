docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' plain-db | grep POSTGRES
