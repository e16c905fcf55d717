docker run --name compiled greeter python -m compileall .
