docker rm upbeat_mclean # (1)!
