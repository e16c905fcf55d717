docker rm -f angry_jennings
