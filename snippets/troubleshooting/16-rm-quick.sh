docker rm quick
