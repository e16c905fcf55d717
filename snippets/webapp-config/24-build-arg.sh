docker build --build-arg INDEX_TOKEN="$(cat index_token.txt)" -f arg.Dockerfile -t token-arg .
