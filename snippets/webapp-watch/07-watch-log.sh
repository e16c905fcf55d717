cat watch.log
