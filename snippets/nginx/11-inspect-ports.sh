docker inspect --format '{{json .NetworkSettings.Ports}}' web
