docker build --progress=plain --secret id=index_token,src=index_token.txt -f token.Dockerfile -t token-demo . 2>&1 | grep 'the token'
