docker inspect --format '{{.HostConfig.RestartPolicy.Name}}' always
