from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "Hello from version 1 of the app!\n"
