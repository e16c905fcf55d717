docker volume rm cache-data
