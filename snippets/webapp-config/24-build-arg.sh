docker build --progress=plain --build-arg INDEX_TOKEN="$(cat index_token.txt)" -f arg.Dockerfile -t token-arg . 2>&1 | grep 'the token'
