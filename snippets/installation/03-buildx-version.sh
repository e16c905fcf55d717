docker buildx version
