kill %1 && wait
