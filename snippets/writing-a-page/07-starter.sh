docker run -d --name starter debian sh -c 'echo starting; sleep 2; echo ready; sleep infinity'
