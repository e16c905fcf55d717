grep -v -e '^#' -e '^$' watch.log
