docker rm compiled
