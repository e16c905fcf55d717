docker wait buffered
