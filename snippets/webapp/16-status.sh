docker ps -a --filter name=webapp --format '{{.Names}}: {{.Status}}'
