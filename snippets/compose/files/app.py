import os

from flask import Flask
from redis import Redis

app = Flask(__name__)
redis = Redis(host=os.environ.get("REDIS_HOST", "localhost"), port=6379)


@app.route("/")
def index():
    visits = redis.incr("visits")
    return f"Hello from Docker! You are visitor number {visits}.\n"
