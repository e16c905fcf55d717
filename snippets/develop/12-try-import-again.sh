docker compose exec web python -c 'import requests; print(requests.__version__)'
