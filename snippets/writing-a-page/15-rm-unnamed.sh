docker rm -f agitated_shaw
