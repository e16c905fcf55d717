docker history --no-trunc --format 'table {{.CreatedBy}}\t{{.Size}}' size-demo:tidy
