docker run -d --name clock debian sh -c 'while true; do date; sleep 2; done'
