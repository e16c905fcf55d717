for i in $(seq 30); do curl -fs 127.0.0.1:8000/count && break; sleep 1; done
