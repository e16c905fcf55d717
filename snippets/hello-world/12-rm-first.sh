docker rm stoic_golick # (1)!
