docker create --name plain-db -e POSTGRES_PASSWORD=change-me postgres:17
