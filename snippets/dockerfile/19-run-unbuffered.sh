docker run -d --name unbuffered -e PYTHONUNBUFFERED=1 python:3.13-slim-trixie python -c "import time; print('Started'); time.sleep(300)"
