docker events --since 10m --until 0s --filter event=extract-to-dir --format '{{.Action}} {{.Actor.Attributes.name}}'
