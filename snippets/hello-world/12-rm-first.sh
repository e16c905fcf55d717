docker rm clever_shaw # (1)!
