docker system df
