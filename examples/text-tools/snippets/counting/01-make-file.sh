printf 'pear\napple\npear\nfig\npear\n' > fruit.txt
