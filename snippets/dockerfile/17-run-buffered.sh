docker run -d --name buffered python:3.13-slim-trixie python -c "import time; print('Started'); time.sleep(300)"
