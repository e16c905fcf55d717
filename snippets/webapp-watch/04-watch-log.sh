for i in $(seq 30); do grep -q 'Watch enabled' watch.log && break; sleep 1; done; cat watch.log
