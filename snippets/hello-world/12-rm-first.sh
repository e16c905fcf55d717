docker rm kind_boyd
