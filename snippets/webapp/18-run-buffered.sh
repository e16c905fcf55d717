docker run -d --name buffered -e PYTHONUNBUFFERED= -v "$PWD":/src webapp python /src/ticks.py
