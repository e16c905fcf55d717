docker compose exec web python -c 'import requests'
