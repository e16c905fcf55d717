docker run -d --name buffered python:3.13-slim python -c "import time; print('Started'); time.sleep(300)"
