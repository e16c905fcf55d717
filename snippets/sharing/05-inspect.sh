docker image inspect --format '{{.Id}} {{.RepoTags}}' hello-share
