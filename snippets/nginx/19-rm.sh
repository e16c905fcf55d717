docker rm -f web private
