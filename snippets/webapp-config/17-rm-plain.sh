docker rm plain-db
