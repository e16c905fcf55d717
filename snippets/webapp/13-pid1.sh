docker exec webapp sh -c 'tr "\0" " " < /proc/1/cmdline; echo'
