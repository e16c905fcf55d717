printf 'pypi-not-a-real-token\n' > index_token.txt
