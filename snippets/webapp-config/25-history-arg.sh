docker history --no-trunc --format '{{.CreatedBy}}' token-arg | head -n 1
