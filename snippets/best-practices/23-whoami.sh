docker run --rm cache-demo whoami
