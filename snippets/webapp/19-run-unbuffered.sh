docker run -d --name unbuffered -v "$PWD":/src webapp python /src/ticks.py
