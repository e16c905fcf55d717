docker run -d --name sleeper debian sleep infinity
