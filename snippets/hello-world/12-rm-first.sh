docker rm epic_meitner # (1)!
