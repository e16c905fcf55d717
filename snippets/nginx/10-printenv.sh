docker exec web printenv APP_ENV
