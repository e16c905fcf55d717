docker run -d --name ticker debian sh -c 'while true; do echo tick; sleep 1; done'
