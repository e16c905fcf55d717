docker inspect --format '{{json .State.Health}}' web-9000 | python3 -m json.tool
