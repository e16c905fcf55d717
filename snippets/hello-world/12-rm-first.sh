docker rm mystifying_bell # (1)!
