docker stats --no-stream
