docker wait quick
