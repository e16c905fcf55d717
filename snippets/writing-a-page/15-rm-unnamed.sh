docker rm -f charming_shockley
