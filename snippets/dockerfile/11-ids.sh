echo "$(id -u):$(id -g)"
