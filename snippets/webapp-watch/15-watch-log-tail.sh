tail -n 2 watch.log
