docker run -d --name web-9000 -e PORT=9000 --health-cmd 'python healthcheck.py http://127.0.0.1:9000/health' health-demo
