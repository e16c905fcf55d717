docker history --no-trunc --format '{{.CreatedBy}}' token-demo | head -n 1
