docker rm relaxed_jemison
