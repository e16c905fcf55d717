docker rm lucid_ritchie
