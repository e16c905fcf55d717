curl -sS http://127.0.0.1:8000/ || echo 'No answer from the server'
