docker volume rm registry-data
