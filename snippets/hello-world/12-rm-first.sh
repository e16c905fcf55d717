docker rm elegant_driscoll # (1)!
