docker rm determined_carver # (1)!
