DOCKER_HOST=unix:///tmp/no-engine.sock python3 check_engine.py
