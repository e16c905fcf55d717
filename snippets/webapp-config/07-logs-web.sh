docker compose logs web | grep notes
