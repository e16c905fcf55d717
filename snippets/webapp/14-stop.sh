docker stop webapp
